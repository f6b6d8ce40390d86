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

/** A run's output, and a failure report when it failed against the expected-failures baseline. */
async function runConformance(selection: string[], output: string): Promise<{ stdout: string; failure?: string }> {
  const args = [conformanceCli, "client", ...selection, "--command", clientCommand];
  return run(process.execPath, [...args, "--expected-failures", expectedFailuresFile, "--output-dir", output], {
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ stdout }),
    (error: { stdout?: string; message: string }) => ({
      stdout: error.stdout ?? "",
      failure: `${selection.join(" ")}:\n${(error.stdout ?? error.message).slice(-3000)}`,
    }),
  );
}

// One suite run hosts the 2025-era `auth` suite (cheaper than one suite process per scenario);
// every other scenario runs alone. Scenarios the baseline lists as unsupported are left out here
// (`npm run conformance` runs them).
it("passes every client authorization scenario of the MCP conformance suite", { timeout: 600_000 }, async () => {
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
    const suite = await runConformance(["--suite", "auth"], output);
    const failures = suite.failure ? [suite.failure] : [];
    const inSuite = new Set([...suite.stdout.matchAll(/^[✓✗] (auth\/[^:\s]+):/gm)].map((match) => match[1]));
    const queue = scenarios.filter((scenario) => !inSuite.has(scenario));
    const worker = async () => {
      for (let scenario = queue.shift(); scenario; scenario = queue.shift()) {
        const { failure } = await runConformance(["--scenario", scenario], output);
        if (failure) failures.push(failure);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures.join("\n\n")).toBe("");
  } finally {
    await rm(output, { recursive: true, force: true });
  }
});
