/**
 * Imports every *.json, *.jsonc, *.yaml, *.yml and *.toml file of a directory (e.g. a checkout of the live Archestra catalog,
 * archestra-ai/website `app/app/mcp-catalog/data/mcp-evaluations`, which is not vendored here) and
 * prints how many imported and each rejection with its reasons. Exits 1 when more than `--max-rejected`
 * (default: no limit) were rejected.
 * Usage: npm run catalog:import-report -w packages/catalog -- <dir> [--max-rejected N]
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CatalogImportError, describeIssue, detectAndImport } from "../src/index.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { "max-rejected": { type: "string" } },
});
const [directory] = positionals;
const maxRejected = values["max-rejected"] === undefined ? Infinity : Number(values["max-rejected"]);
if (!directory || Number.isNaN(maxRejected)) {
  console.error("usage: import-directory.ts <dir> [--max-rejected N]");
  process.exit(2);
}
// npm runs workspace scripts in the workspace folder; a relative path means the caller's.
const root = resolve(process.env.INIT_CWD ?? process.cwd(), directory);
const files = readdirSync(root)
  .filter((name) => /\.(?:jsonc?|ya?ml|toml)$/.test(name))
  .sort();
const rejected: string[] = [];
let imported = 0;
let notes = 0;
for (const name of files) {
  try {
    const result = detectAndImport(readFileSync(join(root, name), "utf8"));
    imported += 1;
    notes += result.warnings.length;
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
    const [summary] = error.message.split("\n");
    rejected.push(
      `${name}: ${summary ?? ""}\n${error.issues.map((issue) => `    ${describeIssue(issue)}`).join("\n")}`,
    );
  }
}
for (const line of rejected) console.log(`rejected ${line}`);
console.log(`${files.length} documents: ${imported} imported (${notes} notes), ${rejected.length} rejected`);
if (rejected.length > maxRejected) process.exit(1);
