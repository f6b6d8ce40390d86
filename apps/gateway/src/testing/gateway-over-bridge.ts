import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { PrismaClient } from "@switchboard/db";
import { createTestSecretBox } from "@switchboard/db/testing";
import { createOpaqueToken } from "@switchboard/db/tokens";
import pino from "pino";
// The runner's real bridge endpoint stands between the gateway and the servers.
import { createBridgeHttpHandler, type BridgeHttpHandlerOptions } from "@switchboard/mcp-bridge";
import { createGateway, type GatewayOptions } from "../create-gateway.ts";

export const internalToken = "internal-token-for-tests-0123456789";

export function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export type GatewayTestOptions = Partial<
  Pick<
    GatewayOptions,
    | "listChangedPollMs"
    | "statelessFastPath"
    | "maxSessionsPerToken"
    | "secretBox"
    | "remotePolicy"
    | "callTimeoutMs"
    | "metricsToken"
    | "tokenCacheTtlMs"
    | "authFailureGuard"
    | "trustedProxyHops"
    | "redis"
  >
>;

/**
 * A gateway (public URL http://127.0.0.1/mcp) in front of a runner bridge endpoint that serves the
 * bridges `resolveBridge` finds (and, with `resolveHttpTarget`, local HTTP servers). The caller
 * owns the bridges.
 */
export async function startGatewayOverBridge(
  prisma: PrismaClient,
  databaseUrl: string,
  resolveBridge: BridgeHttpHandlerOptions["resolveBridge"],
  options: GatewayTestOptions = {},
  resolveHttpTarget?: BridgeHttpHandlerOptions["resolveHttpTarget"],
) {
  const handler = createBridgeHttpHandler({ resolveBridge, internalToken, ...(resolveHttpTarget ? { resolveHttpTarget } : {}) }); // prettier-ignore
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
    /** The gateway's origin; the MCP endpoint is `${gatewayUrl}/mcp`. */
    gatewayUrl,
    runnerUrl,
    /** Ends every session on the runner's bridge endpoint, as its idle sweep or a runner restart does. */
    forgetBridgeSessions: () => handler.close(),
    async close() {
      await gateway.close();
      await handler.close();
      await closeServer(gateway.server);
      await closeServer(runner);
    },
  };
}

/** A gateway token for `userId`, limited to `connectorIds` when there are any. */
export async function createGatewayToken(
  prisma: PrismaClient,
  userId: string,
  name: string,
  connectorIds: string[] = [],
) {
  const { token, hash } = createOpaqueToken("sbg");
  const row = await prisma.gatewayToken.create({
    data: {
      userId,
      name,
      prefix: token.slice(0, 12),
      tokenHash: hash,
      restricted: connectorIds.length > 0,
      connectors: { create: connectorIds.map((connectorId) => ({ connectorId })) },
    },
  });
  return { token, id: row.id };
}
