import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { createTestPrisma, resetDatabase, testDatabaseUrl } from "@switchboard/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EVERYTHING_PREFIX, startEverythingGateway } from "../src/testing/everything-gateway.ts";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const inspectorCli = join(
  dirname(require.resolve("@modelcontextprotocol/inspector/package.json")),
  "clients/launcher/build/index.js",
);
const prisma = createTestPrisma();
let setup: Awaited<ReturnType<typeof startEverythingGateway>>;

beforeAll(async () => {
  await resetDatabase(prisma);
  setup = await startEverythingGateway(prisma, testDatabaseUrl);
});

afterAll(async () => {
  await setup?.close();
  await prisma.$disconnect();
});

/** The MCP Inspector's CLI, a real third-party client, against the gateway with the token as a header. */
async function inspect(...args: string[]): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    [
      inspectorCli,
      "--cli",
      setup.gatewayUrl,
      "--transport",
      "http",
      "--header",
      `Authorization: Bearer ${setup.token}`,
      ...args,
    ],
    { timeout: 30_000 },
  );
  return JSON.parse(stdout);
}

it("lists the gateway's namespaced tools through the Inspector CLI", async () => {
  const { tools } = (await inspect("--method", "tools/list")) as { tools: { name: string }[] };
  expect(tools.map((tool) => tool.name).sort()).toEqual(
    setup.upstream.tools.map((tool) => `${EVERYTHING_PREFIX}__${tool.name}`).sort(),
  );
}, 40_000);

it("calls a tool through the gateway with the Inspector CLI", async () => {
  const result = await inspect(
    "--method",
    "tools/call",
    "--tool-name",
    `${EVERYTHING_PREFIX}__echo`,
    "--tool-arg",
    "message=hi",
  );
  expect(result).toMatchObject({ content: [{ type: "text", text: "Echo: hi" }] });
}, 40_000);
