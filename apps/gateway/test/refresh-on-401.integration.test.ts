import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { readOAuthCredential } from "@switchboard/db/credentials";
import { createTestPrisma, createTestSecretBox, resetDatabase, testDatabaseUrl } from "@switchboard/db/testing";
import { startTestProvider, type TestProvider } from "@switchboard/oauth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { listen, startGatewayHarness } from "../src/testing/harness.ts";
import { seedRemoteOAuthConnector } from "../src/testing/remote-connector.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
let provider: TestProvider;
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;
let remote: Server;
let remoteUrl: string;
/** Access tokens the remote server answers 401 to, as if the provider had expired them early. */
const rejectedTokens = new Set<string>();

/** A remote MCP server that wants a bearer token and refuses the ones in `rejectedTokens`. */
async function handleRemote(request: IncomingMessage, response: ServerResponse) {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  if (!token || rejectedTokens.has(token)) {
    response.writeHead(401, { "www-authenticate": 'Bearer error="invalid_token"' }).end();
    return;
  }
  const server = new McpServer({ name: "remote-echo", version: "1.0.0" });
  server.registerTool("echo", { inputSchema: { message: z.string() } }, async ({ message }) => ({
    content: [{ type: "text", text: `remote:${message}` }],
  }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  response.on("close", () => void transport.close());
  await server.connect(transport);
  await transport.handleRequest(request, response);
}

beforeAll(async () => {
  provider = await startTestProvider();
  remote = createServer((request, response) => void handleRemote(request, response));
  remoteUrl = await listen(remote);
  harness = await startGatewayHarness(prisma, testDatabaseUrl, {
    secretBox,
    remotePolicy: { allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] },
  });
});

afterAll(async () => {
  await harness.close();
  remote.close();
  await provider.close();
  await prisma.$disconnect();
});

beforeEach(() => resetDatabase(prisma));

async function seedRemoteConnector() {
  const seeded = await seedRemoteOAuthConnector(prisma, secretBox, provider, {
    slug: "remote-echo",
    name: "Remote echo",
    url: `${remoteUrl}/mcp`,
    transport: "streamable-http",
  });
  const { token } = await harness.createToken(seeded.userId);
  return { ...seeded, token };
}

describe("a remote server that answers 401", () => {
  it("gets one refresh through the shared refresh, then the call goes through with the new token", async () => {
    const seeded = await seedRemoteConnector();
    rejectedTokens.add(seeded.tokens.accessToken);
    const client = await harness.connect(seeded.token);

    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "hi" } });
    expect(result.content).toEqual([{ type: "text", text: "remote:hi" }]);
    const credential = await readOAuthCredential(prisma, secretBox, seeded.connectorId);
    expect(credential?.accessToken).not.toBe(seeded.tokens.accessToken);
    expect(credential?.version).toBeGreaterThan(0);
    await client.close();
  });

  it("marks the connector for re-authorization when the grant is gone, and says so", async () => {
    const seeded = await seedRemoteConnector();
    rejectedTokens.add(seeded.tokens.accessToken);
    await provider.revokeGrant(seeded.tokens.refreshToken!);
    const client = await harness.connect(seeded.token);

    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "hi" } });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: "text", text: expect.stringMatching(/needs re-authorization/) }]);
    expect(await prisma.connector.findUniqueOrThrow({ where: { id: seeded.connectorId } })).toMatchObject({
      status: "NEEDS_REAUTH",
    });
    await client.close();
  });
});
