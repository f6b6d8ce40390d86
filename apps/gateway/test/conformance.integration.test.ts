import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTestPrisma, resetDatabase, testDatabaseUrl } from "@switchboard/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEverythingGateway, startTokenProxy } from "./support/everything-gateway.ts";

const run = promisify(execFile);
const conformanceCli = createRequire(import.meta.url).resolve("@modelcontextprotocol/conformance/dist/index.js");
const prisma = createTestPrisma();
let setup: Awaited<ReturnType<typeof startEverythingGateway>>;
let proxy: Awaited<ReturnType<typeof startTokenProxy>>;

beforeAll(async () => {
  await resetDatabase(prisma);
  setup = await startEverythingGateway(prisma, testDatabaseUrl);
  // The suite's CLI has no header option; the proxy adds the gateway token.
  proxy = await startTokenProxy(setup.gatewayUrl, setup.token, "http://127.0.0.1");
});

afterAll(async () => {
  await proxy?.close();
  await setup?.close();
  await prisma.$disconnect();
});

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | "SKIPPED";
}

/** Runs every active server scenario and returns, per scenario, whether all its checks passed. */
async function runSuite(url: string): Promise<Record<string, boolean>> {
  const output = await mkdtemp(join(tmpdir(), "sb-conformance-"));
  try {
    // Exits non-zero when any scenario fails; the per-scenario results are what we assert on.
    await run(process.execPath, [conformanceCli, "server", "--url", url, "--output-dir", output], {
      timeout: 80_000,
    }).catch((error: unknown) => error);
    const outcome: Record<string, boolean> = {};
    for (const directory of await readdir(output)) {
      const checks = JSON.parse(await readFile(join(output, directory, "checks.json"), "utf8")) as Check[];
      // Directories are named `server-<scenario>-<timestamp>`.
      const scenario = directory.replace(/^server-/, "").replace(/-\d{4}-\d{2}-\d{2}T.*$/, "");
      outcome[scenario] = checks.every((check) => check.status !== "FAILURE");
    }
    return outcome;
  } finally {
    await rm(output, { recursive: true, force: true });
  }
}

// Keep in step with conformance/expected-failures.md, which gives the evidence for each failure.
const PASSING = [
  "server-initialize",
  "ping",
  "tools-list",
  "prompts-list",
  "resources-list",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
];
/** Scenarios that call tools only the suite's own reference server has; server-everything has none of them. */
const REFERENCE_SERVER_TOOLS = {
  "tools-call-simple-text": "test_simple_text",
  "tools-call-image": "test_image_content",
  "tools-call-audio": "test_audio_content",
  "tools-call-embedded-resource": "test_embedded_resource",
  "tools-call-mixed-content": "test_multiple_content_types",
  "tools-call-error": "test_error_handling",
  "tools-call-with-progress": "test_tool_with_progress",
  "tools-call-sampling": "test_sampling",
  "tools-call-elicitation": "test_elicitation",
  "elicitation-sep1034-defaults": "test_elicitation_sep1034_defaults",
  "elicitation-sep1330-enums": "test_elicitation_sep1330_enums",
};
/** Scenarios that get prompts or read resources only the suite's reference server has (`test_*`, `test://…`). */
const REFERENCE_SERVER_PROMPTS_AND_RESOURCES = [
  "resources-read-text",
  "resources-read-binary",
  "prompts-get-simple",
  "prompts-get-with-args",
  "prompts-get-embedded-resource",
  "prompts-get-with-image",
];
/** Methods the gateway does not pass through yet. */
const GATEWAY_GAPS = [
  "logging-set-level",
  "tools-call-with-logging",
  "completion-complete",
  "resources-templates-read",
  "resources-subscribe",
  "resources-unsubscribe",
];

it("passes the conformance suite's server scenarios except the failures explained in expected-failures.md", async () => {
  const outcome = await runSuite(proxy.url);

  const passed = Object.keys(outcome).filter((scenario) => outcome[scenario]);
  const failed = Object.keys(outcome).filter((scenario) => !outcome[scenario]);
  expect(passed.sort()).toEqual([...PASSING].sort());
  expect(failed.sort()).toEqual(
    [...Object.keys(REFERENCE_SERVER_TOOLS), ...REFERENCE_SERVER_PROMPTS_AND_RESOURCES, ...GATEWAY_GAPS].sort(),
  );
  // Evidence that those calls fail upstream, not through namespacing: server-everything lacks the tools.
  const upstreamNames = new Set(setup.upstreamTools.map((tool) => tool.name));
  for (const tool of Object.values(REFERENCE_SERVER_TOOLS)) expect(upstreamNames.has(tool)).toBe(false);
}, 90_000);
