import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const conformanceCli = join(packageDir("@modelcontextprotocol/conformance"), "dist/index.js");
const tsxCli = join(packageDir("tsx"), "dist/cli.mjs");
const conformanceDir = fileURLToPath(new URL("../conformance/", import.meta.url));

// The suite starts its mock servers on localhost, one scenario at a time per core: slow, not flaky.
it("passes the MCP conformance suite's client auth scenarios", { timeout: 300_000 }, async () => {
  const output = await mkdtemp(join(tmpdir(), "conformance-"));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        conformanceCli,
        "client",
        "--suite",
        "auth",
        "--command",
        `"${process.execPath}" "${tsxCli}" "${join(conformanceDir, "client.ts")}"`,
        "--expected-failures",
        join(conformanceDir, "expected-failures.yml"),
        "--output-dir",
        output,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: { stdout?: string; message: string }) => {
      throw new Error(`conformance suite failed:\n${(error.stdout ?? error.message).slice(-4000)}`);
    });
    expect(stdout).toMatch(/Total: \d+ passed, 0 failed/);
  } finally {
    await rm(output, { recursive: true, force: true });
  }
});
