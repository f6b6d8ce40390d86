import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { RemoteTransport } from "@switchboard/catalog";
import { createTestPrisma, createTestSecretBox, resetDatabase, testDatabaseUrl } from "@switchboard/db/testing";
import { startTestProvider, type TestProvider } from "@switchboard/oauth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startLegacySseServer } from "../src/testing/legacy-sse-server.ts";
import { startV2StatelessServer } from "../src/testing/v2-stateless-server.ts";
import { startGatewayHarness } from "../src/testing/harness.ts";
import { seedRemoteOAuthInstallation } from "../src/testing/remote-installation.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
let provider: TestProvider;
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;
let sse: Awaited<ReturnType<typeof startLegacySseServer>>;
let v2: Awaited<ReturnType<typeof startV2StatelessServer>>;
const clients: Client[] = [];

beforeAll(async () => {
  provider = await startTestProvider();
  sse = await startLegacySseServer();
  v2 = await startV2StatelessServer();
  harness = await startGatewayHarness(prisma, testDatabaseUrl, {
    secretBox,
    remotePolicy: { allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] },
  });
});

afterAll(async () => {
  await harness.close();
  sse.close();
  await v2.close();
  await provider.close();
  await prisma.$disconnect();
});

beforeEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await resetDatabase(prisma);
  sse.seen.length = 0;
});

/** A remote installation with an OAuth credential whose entry declares `transport` for `url`. */
async function seedRemoteInstallation(url: string, transport: RemoteTransport) {
  const seeded = await seedRemoteOAuthInstallation(prisma, secretBox, provider, {
    slug: `remote-${transport}`,
    name: "Remote",
    url,
    transport,
  });
  const { token } = await harness.createToken(seeded.userId);
  const client = await harness.connect(token);
  clients.push(client);
  return { ...seeded, client };
}

describe("a remote server on the legacy HTTP+SSE transport", () => {
  it("declared as sse: tools are listed and called through the gateway, with the installation's token", async () => {
    const { client, tokens } = await seedRemoteInstallation(`${sse.url}/sse`, "sse");

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["oauth_connector__echo"]);
    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "hi" } });
    expect(result.content).toEqual([{ type: "text", text: "sse:hi" }]);
    const again = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "again" } });
    expect(again.content).toEqual([{ type: "text", text: "sse:again" }]);

    expect(sse.seen.map(({ method, path }) => `${method} ${path}`)).toContain("GET /sse");
    expect(sse.seen.filter(({ method }) => method === "POST").length).toBeGreaterThanOrEqual(3);
    expect(sse.seen.every(({ token }) => token === tokens.accessToken)).toBe(true);
  });

  it("declared as Streamable HTTP (the default): the POSTed initialize gets 405, and the gateway falls back to SSE", async () => {
    const { client } = await seedRemoteInstallation(`${sse.url}/sse`, "streamable-http");

    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "probe" } });
    expect(result.content).toEqual([{ type: "text", text: "sse:probe" }]);
    expect(sse.seen.slice(0, 2).map(({ method, path }) => `${method} ${path}`)).toEqual(["POST /sse", "GET /sse"]);
  });

  it("a 401 on the event stream refreshes the credential once and reconnects with the new token", async () => {
    const { client, tokens } = await seedRemoteInstallation(`${sse.url}/sse`, "sse");
    sse.rejectedTokens.add(tokens.accessToken);

    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "fresh" } });
    expect(result.content).toEqual([{ type: "text", text: "sse:fresh" }]);
    const last = sse.seen.at(-1);
    expect(last?.token).toBeDefined();
    expect(last?.token).not.toBe(tokens.accessToken);
  });
});

describe("a remote stateless server built on the v2 SDK (2026-07-28 with its 2025 fallback)", () => {
  it("serves a 2025 session client through the gateway: list and call, with no upstream session", async () => {
    const { client } = await seedRemoteInstallation(`${v2.url}/mcp`, "streamable-http");

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["oauth_connector__echo"]);
    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "hi" } });
    expect(result.content).toEqual([{ type: "text", text: "v2:hi" }]);
    const again = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "again" } });
    expect(again.content).toEqual([{ type: "text", text: "v2:again" }]);
    // Requests after the handshake carry the negotiated 2025 revision the SDK fallback serves.
    expect(v2.seenVersions.at(-1)).toBe("2025-11-25");
  });
});
