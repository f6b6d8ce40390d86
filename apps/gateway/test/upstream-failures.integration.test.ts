import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createTestPrisma, resetDatabase, seedCatalogEntry, seedUser, testDatabaseUrl } from "@switchboard/db/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { echoTool, slowTool, startGatewayHarness } from "../src/testing/harness.ts";

const prisma = createTestPrisma();
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;

beforeAll(async () => {
  harness = await startGatewayHarness(prisma, testDatabaseUrl, { listChangedPollMs: 100 });
});

afterAll(async () => {
  await harness.close();
  await prisma.$disconnect();
});

let connectorId: string;
let client: Client;

beforeEach(async () => {
  await resetDatabase(prisma);
  const user = await seedUser(prisma, { name: "alice" });
  const entry = await seedCatalogEntry(prisma);
  const connector = await prisma.connector.create({
    data: {
      catalogEntryId: entry.id,
      name: "Notes",
      status: "RUNNING",
      tools: [echoTool, slowTool],
      scope: "PERSONAL",
      ownerUserId: user.id,
    },
  });
  connectorId = connector.id;
  await harness.startEchoBridge(connectorId, "notes");
  client = await harness.connect((await harness.createToken(user.id)).token);
});

afterEach(async () => {
  await harness.endSessions();
  await harness.gateway.usage.flush();
});

function echo(message: string) {
  return client.callTool({ name: "notes__echo", arguments: { message } });
}

const textOf = (result: Awaited<ReturnType<typeof echo>>) => (result.content as { text: string }[])[0]!.text;

describe("upstream failures are the connector's problem", () => {
  it("a bridge that forgot the pooled upstream session (404 Session not found) costs no call: a fresh session answers it", async () => {
    expect(textOf(await echo("before"))).toBe("notes:before");
    await harness.forgetBridgeSessions();
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => echo(`after-${index}`)));
    // Every caller gets its own answer, none an error, across the re-established session.
    expect(results.map(textOf)).toEqual(Array.from({ length: 20 }, (_, index) => `notes:after-${index}`));
    expect(results.every((result) => result.isError !== true)).toBe(true);

    await harness.forgetBridgeSessions();
    // The SDK client's requests (prompts, resources) recover the same way.
    expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(["notes__greet"]);
    expect((await client.readResource({ uri: "switchboard://notes/memo://readme" })).contents).toHaveLength(1);
  });

  it("a connector whose server went away answers a tool error, 'restarting' while the runner restarts it, and works again once it is back", async () => {
    expect(textOf(await echo("before"))).toBe("notes:before");
    await harness.stopEchoBridge(connectorId);

    const gone = await echo("while gone");
    expect(gone.isError).toBe(true);
    expect(textOf(gone)).toMatch(/not reachable right now \(it may be restarting\)/);

    await prisma.connector.update({ where: { id: connectorId }, data: { status: "STARTING" } });
    await expect.poll(async () => textOf(await echo("starting")), { timeout: 3_000 }).toMatch(/is restarting/);
    // Its tools stay listed meanwhile: no "Unknown tool", no list that flaps.
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["notes__echo", "notes__slow"]);

    await harness.startEchoBridge(connectorId, "notes");
    await prisma.connector.update({ where: { id: connectorId }, data: { status: "RUNNING" } });
    const back = await echo("back");
    expect(back.isError).not.toBe(true);
    expect(textOf(back)).toBe("notes:back");
  });

  it("a call in flight when the server's process dies gets a tool error, not the bridge's JSON-RPC error", async () => {
    const inFlight = client.callTool({ name: "notes__slow", arguments: { wait: true } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await harness.stopEchoBridge(connectorId);
    const result = await inFlight;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/not reachable right now/);
  });

  it("a stopped connector's tools are gone (the member's choice), not 'restarting'", async () => {
    await prisma.connector.update({ where: { id: connectorId }, data: { desiredState: "STOPPED" } });
    await expect
      .poll(async () => (await client.listTools()).tools.map((tool) => tool.name), { timeout: 3_000 })
      .toEqual([]);
  });
});
