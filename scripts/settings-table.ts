// The README's settings table, generated from the env schemas of web, runner and gateway, so a
// setting cannot be added without appearing there (or documented without existing).
//   npm run settings:write   rewrites the table between the markers in README.md
//   npm run settings:check   fails when README.md and the schemas disagree (part of npm run check)
// Each setting's text is its schema's `.describe()`; a setting without one fails both.
// Runs with --conditions=react-server: web's env.ts is `server-only`.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { envSchema as gatewaySchema } from "../apps/gateway/src/env.ts";
import { envSchema as runnerSchema } from "../apps/runner/src/env.ts";
import { envSchema as webSchema } from "../apps/web/src/env.ts";

const README = fileURLToPath(new URL("../README.md", import.meta.url));
const START = "<!-- settings:start: generated from apps/*/src/env.ts by `npm run settings:write`; edit the schemas -->";
const END = "<!-- settings:end -->";

const processes: [string, z.ZodObject][] = [
  ["web", webSchema],
  ["runner", runnerSchema],
  ["gateway", gatewaySchema],
];

interface Usage {
  process: string;
  description: string | undefined;
  required: boolean;
  defaultValue: unknown;
}

type Def = { type: string; defaultValue?: unknown; in?: z.ZodType; innerType?: z.ZodType };

/** The schema a wrapper (`.default()`, `.optional()`, a transform's input side) wraps, if any. */
function unwrap(schema: z.ZodType): z.ZodType | undefined {
  const def = schema.def as Def;
  if (def.type === "pipe") return def.in;
  if (def.type === "default" || def.type === "optional" || def.type === "nullable") return def.innerType;
  return undefined;
}

/** The input default of a field (`.default(x)`, possibly under a transform), or undefined. */
function findDefault(schema: z.ZodType): unknown {
  const def = schema.def as Def;
  if (def.type === "default") return def.defaultValue;
  const inner = unwrap(schema);
  return inner && findDefault(inner);
}

/** `.describe()` text, wherever in the wrappers it was given (zod does not copy it to wrappers). */
function findDescription(schema: z.ZodType): string | undefined {
  if (schema.description) return schema.description;
  const inner = unwrap(schema);
  return inner && findDescription(inner);
}

function collectUsages(): Map<string, Usage[]> {
  const usages = new Map<string, Usage[]>();
  for (const [process, schema] of processes) {
    for (const [name, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
      const usage: Usage = {
        process,
        description: findDescription(field),
        required: !field.safeParse(undefined).success,
        defaultValue: findDefault(field),
      };
      usages.set(name, [...(usages.get(name) ?? []), usage]);
    }
  }
  return usages;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** One text when every process says the same, otherwise each process's own. */
function perProcess(usages: Usage[], show: (usage: Usage) => string, separator: string): string {
  const texts = usages.map(show);
  if (texts.every((text) => text === texts[0])) return texts[0] ?? "";
  return usages.map((usage, index) => `${usage.process}: ${texts[index]}`).join(separator);
}

function showDefault(usage: Usage): string {
  if (usage.required) return "required";
  if (usage.defaultValue === undefined || usage.defaultValue === "") return "—";
  return `\`${String(usage.defaultValue)}\``;
}

function renderTable(): { table: string; undocumented: string[] } {
  const usages = collectUsages();
  const undocumented: string[] = [];
  const rows = [...usages.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => {
      for (const usage of list) if (!usage.description) undocumented.push(`${name} (${usage.process})`);
      return `| \`${name}\` | ${list.map((usage) => usage.process).join(", ")} | ${cell(perProcess(list, showDefault, "; "))} | ${cell(perProcess(list, (usage) => usage.description ?? "", " "))} |`;
    });
  const table = ["| Variable | Used by | Default | Meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
  return { table, undocumented };
}

async function formatMarkdown(markdown: string): Promise<string> {
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(README)) ?? {};
  return prettier.format(markdown, { ...options, filepath: README });
}

const mode = process.argv[2] ?? "--check";
const { table, undocumented } = renderTable();
if (undocumented.length > 0) {
  console.error(
    `Settings without a description (add .describe("...") in their env.ts):\n  ${undocumented.join("\n  ")}`,
  );
  process.exit(1);
}
const readme = await readFile(README, "utf8");
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) {
  console.error(`README.md lacks the settings markers:\n${START}\n${END}`);
  process.exit(1);
}
const updated = await formatMarkdown(`${readme.slice(0, start + START.length)}\n\n${table}\n\n${readme.slice(end)}`);
if (mode === "--write") {
  await writeFile(README, updated);
  console.log("README.md settings table written.");
} else if (updated !== readme) {
  console.error("README.md's settings table differs from the env schemas: run `npm run settings:write`.");
  process.exit(1);
} else {
  console.log("README.md's settings table matches the env schemas.");
}
