/**
 * Runs every benchmark, one after another (they would disturb each other's timings), then writes
 * one table of their ratios against the baselines each measured in the same run:
 * bench/results/summary.json, bench/results/summary.md and the table in the README. Fails when a
 * benchmark failed or when a goal is undecidable (its rounds' spread straddles the goal).
 *   npm run bench                      # all but the optional ones (~10 min; needs the services and a web build)
 *   npm run bench -- runner-memory     # an optional one (minutes long), by name
 *   npm run bench -- gateway-latency   # some of them; the table keeps the others' last results
 *   npm run bench -- --table-only      # only rebuild the table from bench/results/*.json
 */
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { format } from "prettier";
import { type BenchmarkName, type SummaryRow, summarizers, toMarkdown } from "./support/summary-table.ts";

const tsx = (file: string) => ["exec", "--", "tsx", "--disable-warning=ExperimentalWarning", `bench/${file}`];
const commands: Record<BenchmarkName, string[]> = {
  "catalog-search": ["run", "--silent", "bench:catalog"],
  "runner-start": ["run", "--silent", "bench:runner"],
  "gateway-latency": ["run", "--silent", "bench:gateway"],
  "token-refresh": ["run", "--silent", "bench:refresh"],
  "gateway-vs-peers": tsx("gateway-vs-peers.ts"),
  "gateway-memory": tsx("gateway-memory.ts"),
  "runner-reconcile": tsx("runner-reconcile.ts"),
  "runner-memory": tsx("runner-memory.ts"),
};
const names = Object.keys(commands) as BenchmarkName[];
// Minutes long: run only when named; the table shows their last result when there is one.
const optional: readonly BenchmarkName[] = ["runner-memory"];
const results = new URL("results/", import.meta.url);
const readme = new URL("../README.md", import.meta.url);
const TABLE_START = "<!-- bench-table:start -->";
const TABLE_END = "<!-- bench-table:end -->";

const args = process.argv.slice(2);
const tableOnly = args.includes("--table-only");
const requested = args.filter((arg) => !arg.startsWith("--"));
const unknown = requested.filter((name) => !names.includes(name as BenchmarkName));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(", ")}; known: ${names.join(", ")}`);
  process.exit(2);
}

const failed: string[] = [];
if (!tableOnly) {
  const selected = requested.length > 0 ? (requested as BenchmarkName[]) : names.filter((n) => !optional.includes(n));
  for (const name of selected) {
    console.log(`\n[bench] ${name}`);
    const run = spawnSync("npm", commands[name], { stdio: "inherit" });
    if (run.status !== 0) failed.push(name);
  }
}

const rows: SummaryRow[] = [];
for (const name of names) {
  const text = await readFile(new URL(`${name}.json`, results), "utf8").catch(() => null);
  if (text === null && optional.includes(name)) continue;
  if (text === null) {
    console.error(`[bench] no result for ${name} yet: run npm run bench -- ${name}`);
    failed.push(name);
    continue;
  }
  try {
    rows.push(...(summarizers[name] as (result: unknown) => SummaryRow[])(JSON.parse(text)));
  } catch (error) {
    console.error(`[bench] ${name}.json is not in the shape this table reads (rerun it): ${String(error)}`);
    failed.push(name);
  }
}

// Formatted as `npm run format` would, so the generated files pass `format:check`.
const markdown = await format(toMarkdown(rows), { parser: "markdown" });
await writeFile(new URL("summary.json", results), `${JSON.stringify({ rows }, null, 2)}\n`);
await writeFile(new URL("summary.md", results), markdown);
const current = await readFile(readme, "utf8");
const start = current.indexOf(TABLE_START);
const end = current.indexOf(TABLE_END);
if (start === -1 || end < start) throw new Error(`README.md lacks the ${TABLE_START} … ${TABLE_END} markers`);
await writeFile(readme, `${current.slice(0, start + TABLE_START.length)}\n\n${markdown}\n${current.slice(end)}`);
console.log(`\n${markdown}`);

const undecidable = rows.filter((row) => row.verdict === "undecidable");
for (const row of undecidable)
  console.error(
    `[bench] UNDECIDABLE: ${row.benchmark}: the rounds' spread (${row.spread ?? "?"}) straddles the goal ${row.goal}; rerun on a quieter machine or with more rounds (BENCH_ROUNDS)`,
  );
if (undecidable.length > 0) failed.push("undecidable goals");

if (failed.length > 0) {
  console.error(`\n[bench] failed: ${[...new Set(failed)].join(", ")}`);
  process.exit(1);
}
