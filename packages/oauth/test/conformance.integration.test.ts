import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const conformanceCli = join(
  dirname(require.resolve("@modelcontextprotocol/conformance/package.json")),
  "dist/index.js",
);
const conformanceDir = fileURLToPath(new URL("../conformance/", import.meta.url));
const expectedFailuresFile = join(conformanceDir, "expected-failures.yml");
// Node runs the TypeScript client itself (type stripping): no tsx start-up per scenario.
const clientCommand = `"${process.execPath}" "${join(conformanceDir, "client.ts")}"`;
const CONCURRENCY = 4;

/** Every client authorization scenario the installed suite knows: 2025-era, 2026-07-28, extensions. */
async function listAuthScenarios(): Promise<string[]> {
  const { stdout } = await run(process.execPath, [conformanceCli, "list", "--client"]);
  return [...stdout.matchAll(/^\s*- (auth\/\S+)/gm)].map((match) => match[1] as string);
}

/** The scenario's output when it failed against the expected-failures baseline, else undefined. */
async function runScenario(scenario: string, output: string): Promise<string | undefined> {
  const args = [conformanceCli, "client", "--scenario", scenario, "--command", clientCommand];
  return run(process.execPath, [...args, "--expected-failures", expectedFailuresFile, "--output-dir", output], {
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    () => undefined,
    (error: { stdout?: string; message: string }) => `${scenario}:\n${(error.stdout ?? error.message).slice(-3000)}`,
  );
}

// Scenarios the baseline lists as unsupported are left out here (`npm run conformance` runs them).
it("passes every client authorization scenario of the MCP conformance suite", { timeout: 300_000 }, async () => {
  const unsupported = await readFile(expectedFailuresFile, "utf8");
  const scenarios = (await listAuthScenarios()).filter((scenario) => !unsupported.includes(`- ${scenario}\n`));
  expect(scenarios).toEqual(
    expect.arrayContaining([
      "auth/metadata-default",
      "auth/iss-normalized",
      "auth/resource-mismatch",
      "auth/offline-access-scope",
      "auth/authorization-server-migration",
      "auth/metadata-issuer-mismatch",
      "auth/enterprise-managed-authorization",
    ]),
  );
  const output = await mkdtemp(join(tmpdir(), "conformance-"));
  try {
    const failures: string[] = [];
    const queue = [...scenarios];
    const worker = async () => {
      for (let scenario = queue.shift(); scenario; scenario = queue.shift()) {
        const failure = await runScenario(scenario, output);
        if (failure) failures.push(failure);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures.join("\n\n")).toBe("");
  } finally {
    await rm(output, { recursive: true, force: true });
  }
});
