import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { createTestPrisma, resetDatabase, testDatabaseUrl } from "@switchboard/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EVERYTHING_PREFIX, startEverythingGateway, startTokenProxy } from "../src/testing/everything-gateway.ts";

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
  errorMessage?: string;
}

/** Per scenario, the messages of its failed checks (none: it passed). */
type Outcome = Record<string, string[]>;

/** Runs the server scenarios a protocol revision requires (frozen at its release). */
async function runSuite(url: string, revision: string): Promise<Outcome> {
  const output = await mkdtemp(join(tmpdir(), "sb-conformance-"));
  try {
    // Exits non-zero when any scenario fails; the per-scenario results are what we assert on.
    const args = [conformanceCli, "server", "--url", url, "--requirements", revision, "--output-dir", output];
    await run(process.execPath, args, { timeout: 100_000 }).catch((error: unknown) => error);
    const outcome: Outcome = {};
    for (const directory of await readdir(output)) {
      const checks = JSON.parse(await readFile(join(output, directory, "checks.json"), "utf8")) as Check[];
      // Directories are named `server-<scenario>-<timestamp>`.
      const scenario = directory.replace(/^server-/, "").replace(/-\d{4}-\d{2}-\d{2}T.*$/, "");
      outcome[scenario] = checks.filter((check) => check.status === "FAILURE").map((check) => check.errorMessage ?? check.id); // prettier-ignore
    }
    return outcome;
  } finally {
    await rm(output, { recursive: true, force: true });
  }
}

const passedIn = (outcome: Outcome) => Object.keys(outcome).filter((scenario) => outcome[scenario]!.length === 0);
const failedIn = (outcome: Outcome) => Object.keys(outcome).filter((scenario) => outcome[scenario]!.length > 0);

/**
 * What every failure through the gateway names: a fixture only the suite's own reference server
 * has (`test_*` tools and prompts, `test://` resources, its tasks fixtures), or a check the suite
 * could not exercise without one. A failure of the gateway's own reads differently and fails the test.
 */
const REFERENCE_FIXTURE =
  /Unknown (tool|prompt|resource): (test_|test:\/\/|greet$|slow_compute|failing_job|protocol_error_job|confirm_delete|multi_input)|Tool 'json_schema_2020_12_tool' not found|^Not testable: server (exposes no tool with x-mcp-header|does not list the diagnostic tool 'test_)/;

// Keep in step with conformance/expected-failures.md, which gives the evidence for each failure.
const PASSING_2025 = [
  "server-initialize",
  "server-session-lifecycle",
  "ping",
  "tools-list",
  "prompts-list",
  "resources-list",
  "server-sse-multiple-streams",
  "server-sse-polling",
  "dns-rebinding-protection",
  "logging-set-level",
];
const PASSING_2026 = [
  "tools-list",
  "prompts-list",
  "resources-list",
  "caching",
  "http-header-validation",
  "sep-2164-resource-not-found",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
  "input-required-result-ignore-extra-params",
  "input-required-result-missing-input-response",
  "input-required-result-unsupported-methods",
  "input-required-result-validate-input",
  "tasks-status-notifications",
];
/** Failures whose checks also name something only the reference server has, after a first failed step. */
const FOLLOW_ON_2026 = {
  // Its first step calls `test_input_required_result_*`; the suite reports the missing result.
  "input-required-result-multi-round": /^Expected InputRequiredResult with inputRequests and requestState$/,
  "input-required-result-tampered-state": /^Prerequisite failed: could not get initial InputRequiredResult/,
  // The tasks extension: the gateway relays it, but server-everything creates no tasks, so checks
  // that need a task the suite's fixtures did not create report that (capability negotiation,
  // the -32021 gate, removed methods and unknown ids are the gateway's own and pass).
  "tasks-request-headers": /routing-task fixture from Check 2 unavailable/,
  "tasks-required-task-error": /tools\/call for failing_job returned error code -32602/,
  "tasks-lifecycle": /^Not testable: no task was created/,
  "tasks-wire-fields": /^Not testable: no task was created/,
} as Record<string, RegExp>;

/** Scenarios that call tools only the suite's own reference server has; server-everything has none of them. */
const REFERENCE_SERVER_TOOLS = {
  "tools-call-simple-text": "test_simple_text",
  "tools-call-image": "test_image_content",
  "tools-call-audio": "test_audio_content",
  "tools-call-embedded-resource": "test_embedded_resource",
  "tools-call-mixed-content": "test_multiple_content_types",
  "tools-call-error": "test_error_handling",
  "tools-call-with-progress": "test_tool_with_progress",
  "tools-call-with-logging": "test_tool_with_logging",
  "tools-call-sampling": "test_sampling",
  "tools-call-elicitation": "test_elicitation",
  "elicitation-sep1034-defaults": "test_elicitation_sep1034_defaults",
  "elicitation-sep1330-enums": "test_elicitation_sep1330_enums",
};
/**
 * Scenarios that use the suite's fixed, un-namespaced names of prompts and resources of its own
 * reference server (`test_*`, `test://…`): server-everything has none of them, and the gateway
 * only routes `<connector>__<prompt>` and `switchboard://<connector>/…`.
 */
const REFERENCE_SERVER_PROMPTS = {
  "prompts-get-simple": "test_simple_prompt",
  "prompts-get-with-args": "test_prompt_with_arguments",
  "prompts-get-embedded-resource": "test_prompt_with_embedded_resource",
  "prompts-get-with-image": "test_prompt_with_image",
  "completion-complete": "test_prompt_with_arguments",
};
const REFERENCE_SERVER_RESOURCES = {
  "resources-read-text": "test://static-text",
  "resources-read-binary": "test://static-binary",
  "resources-templates-read": "test://template/123/data",
  "resources-subscribe": "test://watched-resource",
  "resources-unsubscribe": "test://watched-resource",
};

/** Upstream evidence: server-everything has none of the names the failing scenarios use. */
function expectReferenceFixturesOnly(outcome: Outcome, followOn: Record<string, RegExp> = {}) {
  for (const scenario of failedIn(outcome)) {
    for (const message of outcome[scenario]!) {
      const explained = REFERENCE_FIXTURE.test(message) || (followOn[scenario]?.test(message) ?? false);
      expect({ scenario, message, explained }).toEqual({ scenario, message, explained: true });
    }
  }
}

// Both generations at once, against the same gateway: a 2025 session client and a 2026-07-28 one.
let outcomes: Promise<[Outcome, Outcome]>;
const suites = () => (outcomes ??= Promise.all([runSuite(proxy.url, "2025-11-25"), runSuite(proxy.url, "2026-07-28")]));

it("passes the 2025-11-25 server scenarios except those that need the suite's reference server", async () => {
  const [outcome] = await suites();

  expect(passedIn(outcome).sort()).toEqual([...PASSING_2025].sort());
  expect(failedIn(outcome).sort()).toEqual(
    [
      ...Object.keys(REFERENCE_SERVER_TOOLS),
      ...Object.keys(REFERENCE_SERVER_PROMPTS),
      ...Object.keys(REFERENCE_SERVER_RESOURCES),
      "json-schema-2020-12",
    ].sort(),
  );
  expectReferenceFixturesOnly(outcome);
  // And the names really are absent upstream, not hidden by namespacing.
  const { tools, prompts, resources, resourceTemplates } = setup.upstream;
  const toolNames = new Set(tools.map((tool) => tool.name));
  for (const tool of [...Object.values(REFERENCE_SERVER_TOOLS), "json_schema_2020_12_tool"]) {
    expect(toolNames.has(tool)).toBe(false);
  }
  const promptNames = new Set(prompts.map((prompt) => prompt.name));
  for (const prompt of Object.values(REFERENCE_SERVER_PROMPTS)) expect(promptNames.has(prompt)).toBe(false);
  const uris = [
    ...resources.map((resource) => resource.uri),
    ...resourceTemplates.map((template) => template.uriTemplate),
  ];
  expect(uris.filter((uri) => uri.startsWith("test://"))).toEqual([]);
}, 120_000);

it("passes the 2026-07-28 server scenarios (stateless, caching, headers, input_required) except those that need the reference server", async () => {
  const [, outcome] = await suites();

  expect(passedIn(outcome).sort()).toEqual([...PASSING_2026].sort());
  expectReferenceFixturesOnly(outcome, FOLLOW_ON_2026);
  // server-stateless: every requirement the gateway can show passes; only the four checks that
  // need the reference server's diagnostic tools remain.
  expect(outcome["server-stateless"]).toHaveLength(4);
  expect(setup.upstream.tools.some((tool) => tool.name.startsWith("test_"))).toBe(false);
}, 120_000);

it("gives 2025 and 2026-07-28 clients server-everything's own instructions, in a section for its tools", async () => {
  const text = setup.upstream.instructions!;
  expect(text).toContain("Everything Server");
  const section = `<connector-instructions connector="Everything" tools="${EVERYTHING_PREFIX}__*">\n${text.trim()}\n</connector-instructions>`;
  const transport = () =>
    new StreamableHTTPClientTransport(new URL(setup.gatewayUrl), {
      requestInit: { headers: { authorization: `Bearer ${setup.token}` } },
    });
  const session = new Client({ name: "instructions-check", version: "1.0.0" });
  await session.connect(transport());
  expect(session.getInstructions()).toContain(section);
  await session.close();
  const stateless = new ModernClient(
    { name: "instructions-check", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  await stateless.connect(
    new ModernTransport(new URL(setup.gatewayUrl), {
      requestInit: { headers: { authorization: `Bearer ${setup.token}` } },
    }),
  );
  expect(stateless.getInstructions()).toBe(session.getInstructions());
  await stateless.close();
});

it("serves server-everything's resource templates, completions, logging and subscriptions", async () => {
  const client = new Client({ name: "feature-check", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(setup.gatewayUrl), {
      requestInit: { headers: { authorization: `Bearer ${setup.token}` } },
    }),
  );
  const gatewayUri = (uri: string) => `switchboard://${EVERYTHING_PREFIX}/${encodeURIComponent(uri)}`;

  const textTemplate = `switchboard://${EVERYTHING_PREFIX}/${encodeURIComponent("demo://resource/dynamic/text/")}{resourceId}`;
  const { resourceTemplates } = await client.listResourceTemplates();
  expect(resourceTemplates.map((template) => template.uriTemplate)).toContain(textTemplate);
  const read = await client.readResource({ uri: gatewayUri("demo://resource/dynamic/text/5") });
  expect(read.contents[0]).toMatchObject({ uri: gatewayUri("demo://resource/dynamic/text/5") });
  expect((read.contents[0] as { text: string }).text).toMatch(/^Resource 5:/);

  const department = await client.complete({
    ref: { type: "ref/prompt", name: `${EVERYTHING_PREFIX}__completable-prompt` },
    argument: { name: "department", value: "Eng" },
  });
  expect(department.completion.values).toEqual(["Engineering"]);
  const resourceId = await client.complete({
    ref: { type: "ref/resource", uri: textTemplate },
    argument: { name: "resourceId", value: "12" },
  });
  expect(resourceId.completion.values).toEqual(["12"]);

  // Finding: resource links and embedded resources kept the upstream's URIs (demo://…), which no
  // client can read through the gateway.
  const linked = await client.callTool({ name: `${EVERYTHING_PREFIX}__get-resource-links`, arguments: { count: 2 } });
  const links = (linked.content as { type: string; uri?: string }[]).filter((block) => block.type === "resource_link");
  expect(links.map((link) => link.uri)).toEqual([
    gatewayUri("demo://resource/dynamic/blob/1"),
    gatewayUri("demo://resource/dynamic/text/2"),
  ]);
  const followed = await client.readResource({ uri: links[1]!.uri! });
  expect((followed.contents[0] as { text: string }).text).toMatch(/^Resource 2:/);
  const withResource = await client.getPrompt({
    name: `${EVERYTHING_PREFIX}__resource-prompt`,
    arguments: { resourceType: "Text", resourceId: "2" },
  });
  const embedded = withResource.messages.map((message) => message.content).find((block) => block.type === "resource");
  expect(embedded).toMatchObject({ resource: { uri: gatewayUri("demo://resource/dynamic/text/2") } });

  const logs: string[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    logs.push(notification.params.logger ?? "");
  });
  await client.setLoggingLevel("debug");
  const toggleLogging = { name: `${EVERYTHING_PREFIX}__toggle-simulated-logging`, arguments: {} };
  await client.callTool(toggleLogging);
  await waitFor(() => logs.length > 0);
  await client.callTool(toggleLogging);
  expect(logs[0]).toBe(EVERYTHING_PREFIX);

  const updates: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
    updates.push(notification.params.uri);
  });
  const watched = gatewayUri(setup.upstream.resources[0]!.uri);
  await client.subscribeResource({ uri: watched });
  const toggleUpdates = { name: `${EVERYTHING_PREFIX}__toggle-subscriber-updates`, arguments: {} };
  await client.callTool(toggleUpdates);
  await waitFor(() => updates.length > 0);
  await client.callTool(toggleUpdates);
  expect(updates[0]).toBe(watched);
  await client.unsubscribeResource({ uri: watched });
  await client.close();
}, 30_000);

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
