import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { RemoteTransport } from "@switchboard/catalog";
import { refreshCredential } from "@switchboard/credential-refresh";
import { readOAuthCredential } from "@switchboard/db/credentials";
import { createTestPrisma, createTestSecretBox, resetDatabase, testDatabaseUrl } from "@switchboard/db/testing";
import { createGuardedFetch } from "@switchboard/oauth";
import { startTestProvider, type TestProvider } from "@switchboard/oauth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startLegacySseServer, type SeenRequest } from "../src/testing/legacy-sse-server.ts";
import { listen, startGatewayHarness } from "../src/testing/harness.ts";
import { seedRemoteOAuthConnector } from "../src/testing/remote-connector.ts";

// Issue 14: a token the runner refreshed is used on the next request, not after the server rejects the old one.
const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
let provider: TestProvider;
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;
let sse: Awaited<ReturnType<typeof startLegacySseServer>>;
let streamable: Server;
let streamableUrl: string;
const streamableSeen: SeenRequest[] = [];
const streamableRejected = new Set<string>();
const clients: Client[] = [];

/** A session-based Streamable HTTP server that records each request's token and refuses rejected ones. */
const transports = new Map<string, StreamableHTTPServerTransport>();
async function handleStreamable(request: IncomingMessage, response: ServerResponse) {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  streamableSeen.push({ method: request.method ?? "", path: request.url ?? "", token });
  if (!token || streamableRejected.has(token)) return void response.writeHead(401).end();
  const existing = transports.get(String(request.headers["mcp-session-id"]));
  if (existing) return existing.handleRequest(request, response);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => crypto.randomUUID(),
    onsessioninitialized: (id) => void transports.set(id, transport),
  });
  const server = new McpServer({ name: "remote-echo", version: "1.0.0" });
  server.registerTool("echo", { inputSchema: { message: z.string() } }, async ({ message }) => ({
    content: [{ type: "text", text: `remote:${message}` }],
  }));
  await server.connect(transport);
  await transport.handleRequest(request, response);
}

beforeAll(async () => {
  provider = await startTestProvider();
  sse = await startLegacySseServer();
  streamable = createServer((request, response) => void handleStreamable(request, response));
  streamableUrl = await listen(streamable);
  harness = await startGatewayHarness(prisma, testDatabaseUrl, {
    secretBox,
    remotePolicy: { allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] },
  });
});

afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await harness.close();
  sse.close();
  streamable.closeAllConnections();
  streamable.close();
  await provider.close();
  await prisma.$disconnect();
});

beforeEach(() => resetDatabase(prisma));

const servers = {
  "streamable-http": () => ({ url: `${streamableUrl}/mcp`, seen: streamableSeen, rejected: streamableRejected }),
  sse: () => ({ url: `${sse.url}/sse`, seen: sse.seen, rejected: sse.rejectedTokens }),
} satisfies Record<RemoteTransport, () => { url: string; seen: SeenRequest[]; rejected: Set<string> }>;

describe.each(Object.keys(servers) as RemoteTransport[])("a remote %s server behind a live session", (transport) => {
  it("gets the refreshed token on the next call, and never the old one again", async () => {
    const remote = servers[transport]();
    const seeded = await seedRemoteOAuthConnector(prisma, secretBox, provider, {
      slug: `fresh-${transport}`,
      name: "Remote",
      url: remote.url,
      transport,
    });
    const client = await harness.connect((await harness.createToken(seeded.userId)).token);
    clients.push(client);
    const call = (message: string) => client.callTool({ name: "oauth_connector__echo", arguments: { message } });

    expect((await call("before")).content).toEqual([{ type: "text", text: expect.stringMatching(/:before$/) }]);
    const old = seeded.tokens.accessToken;
    expect(remote.seen.at(-1)?.token).toBe(old);

    // What the runner's scheduled refresh does; the provider's old token now counts as expired.
    await refreshCredential(prisma, secretBox, seeded.credentialId, {
      fetch: createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [provider.host] }),
      rejectedAccessToken: old,
    });
    const fresh = (await readOAuthCredential(prisma, secretBox, seeded.connectorId))!.accessToken;
    expect(fresh).not.toBe(old);
    remote.rejected.add(old);
    const afterRefresh = remote.seen.length;
    // The commit's change notification reaches the gateway within the 100 ms that token
    // revocations are held to (token-checks.integration.test.ts); from then on no call has the old token.
    await sleep(100);

    expect((await call("after")).content).toEqual([{ type: "text", text: expect.stringMatching(/:after$/) }]);
    expect((await call("again")).content).toEqual([{ type: "text", text: expect.stringMatching(/:again$/) }]);
    const seenSince = remote.seen.slice(afterRefresh);
    expect(seenSince.length).toBeGreaterThan(0);
    expect(seenSince.filter(({ token }) => token !== fresh)).toEqual([]);
  });
});
