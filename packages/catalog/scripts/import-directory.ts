/**
 * Imports every *.json file of a directory (e.g. a checkout of the live Archestra catalog, which is
 * not vendored here) and prints how many imported and each rejection with its reasons.
 * Usage: node packages/catalog/scripts/import-directory.ts <dir>
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CatalogImportError, detectAndImport } from "../src/index.ts";

const directory = process.argv[2];
if (!directory) {
  console.error("usage: import-directory.ts <dir>");
  process.exit(2);
}
const files = readdirSync(directory)
  .filter((name) => name.endsWith(".json"))
  .sort();
const rejected: string[] = [];
let imported = 0;
let notes = 0;
for (const name of files) {
  try {
    const result = detectAndImport(readFileSync(join(directory, name), "utf8"));
    imported += 1;
    notes += result.warnings.length;
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
    const reasons = error.issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ");
    rejected.push(`${name}: ${error.message}: ${reasons}`);
  }
}
for (const line of rejected) console.log(`rejected ${line}`);
console.log(`${files.length} documents: ${imported} imported (${notes} notes), ${rejected.length} rejected`);
