import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { PrismaClient } from "@switchboard/db";
import { StdioBridge } from "@switchboard/mcp-bridge";
import { connectClockAppServer } from "./app-server.ts";
import { createEchoServer } from "./echo-server.ts";
import {
  createGatewayToken,
  internalToken,
  startGatewayOverBridge,
  type GatewayTestOptions,
} from "./gateway-over-bridge.ts";

export { echoTool, shapedTool, slowTool } from "./echo-server.ts";
export { listen } from "./gateway-over-bridge.ts";

/** A gateway in front of a runner bridge endpoint whose bridges wrap in-process echo servers. */
export async function startGatewayHarness(prisma: PrismaClient, databaseUrl: string, options: GatewayTestOptions = {}) {
  const bridges = new Map<string, StdioBridge>();
  const stack = await startGatewayOverBridge(prisma, databaseUrl, (id) => bridges.get(id), options);
  const { gateway, gatewayUrl, runnerUrl, forgetBridgeSessions } = stack;
  /** Sessions tests opened through the gateway: id → the token that opened it. */
  const gatewaySessions = new Map<string, string>();

  return {
    gateway,
    gatewayUrl,
    forgetBridgeSessions,
    /** The connector's server goes away: its bridge closes and the runner no longer serves it. */
    async stopEchoBridge(connectorId: string) {
      await bridges.get(connectorId)?.close();
      bridges.delete(connectorId);
    },
    /** Starts an echo server (see echo-server.ts) behind a bridge for the connector; returns its handles. */
    async startEchoBridge(connectorId: string, label: string) {
      const echo = createEchoServer(label);
      const [bridgeSide, serverSide] = InMemoryTransport.createLinkedPair();
      await echo.server.connect(serverSide);
      const bridge = new StdioBridge(bridgeSide);
      await bridge.start();
      bridges.set(connectorId, bridge);
      return echo;
    },
    createToken: (userId: string, connectorIds: string[] = []) =>
      createGatewayToken(prisma, userId, "test", connectorIds),
    /** Serves the clock MCP App (app-server.ts) behind a bridge for the connector. */
    async startAppBridge(connectorId: string) {
      const bridge = new StdioBridge(await connectClockAppServer());
      await bridge.start();
      bridges.set(connectorId, bridge);
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
    connectDirect(connectorId: string) {
      return connectClient(new URL(`/bridge/${connectorId}/mcp`, runnerUrl), {
        authorization: `Bearer ${internalToken}`,
      });
    },
    async close() {
      await stack.close();
      await Promise.all([...bridges.values()].map((bridge) => bridge.close()));
    },
  };
}

async function connectClient(url: URL, headers: Record<string, string>) {
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return client;
}
