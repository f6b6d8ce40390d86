import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { PrismaClient } from "@switchboard/db";
import { createTestSecretBox } from "@switchboard/db/testing";
import { createOpaqueToken } from "@switchboard/db/tokens";
import pino from "pino";
import { z } from "zod";
// The runner's real stdio bridge and its HTTP endpoint stand between the gateway and the server.
import { createBridgeHttpHandler } from "../../../runner/src/mcp/bridge-http-handler.ts";
import { StdioBridge } from "../../../runner/src/mcp/stdio-bridge.ts";
import { createGateway, type GatewayOptions } from "../../src/create-gateway.ts";

export const echoTool = {
  name: "echo",
  description: "Echoes its message",
  inputSchema: { type: "object", properties: { message: { type: "string" } } },
};

const internalToken = "internal-token-for-tests-0123456789";

export function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** A gateway in front of a runner bridge endpoint whose bridges wrap in-process echo servers. */
export async function startGatewayHarness(
  prisma: PrismaClient,
  databaseUrl: string,
  options: Partial<
    Pick<GatewayOptions, "listChangedPollMs" | "maxSessionsPerToken" | "secretBox" | "remotePolicy">
  > = {},
) {
  const bridges = new Map<string, StdioBridge>();
  const handler = createBridgeHttpHandler({ resolveBridge: (id) => bridges.get(id), internalToken });
  const runner = createServer((request, response) => void handler.handle(request, response));
  const runnerUrl = await listen(runner);
  const gateway = createGateway({
    prisma,
    databaseUrl,
    secretBox: createTestSecretBox(),
    logger: pino({ level: "silent" }),
    publicUrl: "http://127.0.0.1/mcp",
    runnerUrl,
    runnerInternalToken: internalToken,
    ...options,
  });
  const gatewayUrl = await listen(gateway.server);

  return {
    gateway,
    gatewayUrl,
    /** Starts an echo server (answers `<label>:<message>`) behind a bridge for the installation. */
    async startEchoBridge(installationId: string, label: string) {
      const server = new McpServer({ name: `echo-${label}`, version: "1.0.0" });
      server.registerTool(
        "echo",
        { description: echoTool.description, inputSchema: { message: z.string() } },
        async ({ message }) => ({
          content: [{ type: "text", text: `${label}:${message}` }],
        }),
      );
      server.registerPrompt(
        "greet",
        { description: "Greets someone", argsSchema: { name: z.string() } },
        ({ name }) => ({
          messages: [{ role: "user", content: { type: "text", text: `${label} says hello to ${name}` } }],
        }),
      );
      server.registerResource("readme", "memo://readme", { description: "The readme" }, async (uri) => ({
        contents: [{ uri: uri.href, text: `${label} readme` }],
      }));
      const [bridgeSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const bridge = new StdioBridge(bridgeSide);
      await bridge.start();
      bridges.set(installationId, bridge);
    },
    async createToken(userId: string, installationIds: string[] = []) {
      const { token, hash } = createOpaqueToken("sbg");
      const row = await prisma.gatewayToken.create({
        data: {
          userId,
          name: "test",
          prefix: token.slice(0, 12),
          tokenHash: hash,
          restricted: installationIds.length > 0,
          installations: { create: installationIds.map((installationId) => ({ installationId })) },
        },
      });
      return { token, id: row.id };
    },
    /** An MCP client through the gateway with a gateway token. */
    connect(token: string) {
      return connectClient(new URL(`${gatewayUrl}/mcp`), { authorization: `Bearer ${token}` });
    },
    /** An MCP client straight to the runner's bridge endpoint, skipping the gateway (the benchmark's baseline). */
    connectDirect(installationId: string) {
      return connectClient(new URL(`/bridge/${installationId}/mcp`, runnerUrl), {
        authorization: `Bearer ${internalToken}`,
      });
    },
    async close() {
      await gateway.close();
      await handler.close();
      runner.close();
      await Promise.all([...bridges.values()].map((bridge) => bridge.close()));
    },
  };
}

async function connectClient(url: URL, headers: Record<string, string>) {
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return client;
}
