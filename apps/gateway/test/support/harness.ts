import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { PrismaClient } from "@switchboard/db";
import { createTestSecretBox } from "@switchboard/db/testing";
import { createOpaqueToken } from "@switchboard/db/tokens";
import pino from "pino";
// The runner's real stdio bridge and its HTTP endpoint stand between the gateway and the server.
import { createBridgeHttpHandler } from "../../../runner/src/mcp/bridge-http-handler.ts";
import { StdioBridge } from "../../../runner/src/mcp/stdio-bridge.ts";
import { createGateway, type GatewayOptions } from "../../src/create-gateway.ts";
import { createEchoServer } from "./echo-server.ts";

export { echoTool, slowTool } from "./echo-server.ts";

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
    Pick<
      GatewayOptions,
      "listChangedPollMs" | "maxSessionsPerToken" | "secretBox" | "remotePolicy" | "callTimeoutMs" | "metricsToken"
    >
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
  /** Sessions tests opened through the gateway: id → the token that opened it. */
  const gatewaySessions = new Map<string, string>();

  return {
    gateway,
    gatewayUrl,
    /** Starts an echo server (see echo-server.ts) behind a bridge for the installation; returns its handles. */
    async startEchoBridge(installationId: string, label: string) {
      const echo = createEchoServer(label);
      const [bridgeSide, serverSide] = InMemoryTransport.createLinkedPair();
      await echo.server.connect(serverSide);
      const bridge = new StdioBridge(bridgeSide);
      await bridge.start();
      bridges.set(installationId, bridge);
      return echo;
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
    async connect(token: string) {
      const client = await connectClient(new URL(`${gatewayUrl}/mcp`), { authorization: `Bearer ${token}` });
      gatewaySessions.set((client.transport as StreamableHTTPClientTransport).sessionId!, token);
      return client;
    },
    /**
     * Ends every gateway session a test opened (DELETE, as clients leaving cleanly do). With no
     * session open the gateway's change watcher stays quiet, so it cannot race the next test's
     * database reset.
     */
    async endSessions() {
      const sessions = [...gatewaySessions];
      gatewaySessions.clear();
      await Promise.all(
        sessions.map(([sessionId, token]) =>
          fetch(`${gatewayUrl}/mcp`, {
            method: "DELETE",
            headers: { authorization: `Bearer ${token}`, "mcp-session-id": sessionId },
          }).then((response) => response.body?.cancel()),
        ),
      );
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
