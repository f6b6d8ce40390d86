import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { LoggingLevelSchema, SetLevelRequestSchema, type LoggingLevel } from "@modelcontextprotocol/sdk/types.js";
import type { SessionUpstreams } from "./session-upstreams.ts";
import type { UpstreamConnection } from "../upstreams/upstream-connection.ts";

const SEVERITY = new Map(LoggingLevelSchema.options.map((level, index) => [level, index]));

/** Whether a message at `level` passes a `minimum` (no minimum: everything passes). */
export function passesLevel(level: LoggingLevel, minimum: LoggingLevel | undefined): boolean {
  return minimum === undefined || SEVERITY.get(level)! >= SEVERITY.get(minimum)!;
}

/**
 * Which connectors' upstreams were asked for logs. An upstream connection is shared by every
 * session, whose minimum levels differ (and a session that never set one expects everything), so
 * the first `setLevel` for a connector opens its upstream to every level and the gateway
 * filters per session. It is set again on a new connection.
 */
export class UpstreamLogging {
  private readonly enabled = new Set<string>();

  async enable(connectorId: string, connection: UpstreamConnection): Promise<void> {
    if (this.enabled.has(connectorId) || !connection.client.getServerCapabilities()?.logging) return;
    this.enabled.add(connectorId);
    await connection.client.setLoggingLevel("debug");
  }

  async restore(connectorId: string, connection: UpstreamConnection): Promise<void> {
    if (this.enabled.has(connectorId) && connection.client.getServerCapabilities()?.logging) {
      await connection.client.setLoggingLevel("debug");
    }
  }
}

/**
 * `logging/setLevel`: the session's own minimum, applied when upstream log messages are passed on
 * to it, and every visible connector's upstream opened to logging.
 */
export function registerLogging(
  server: Server,
  upstreams: SessionUpstreams,
  logging: UpstreamLogging,
  setSessionLevel: (level: LoggingLevel) => void | Promise<void>,
): void {
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    await setSessionLevel(request.params.level);
    await enableUpstreamLogging(upstreams, logging);
    return {};
  });
}

/** Opens every visible connector's upstream to logging (also when another instance's session level is taken over). */
export async function enableUpstreamLogging(upstreams: SessionUpstreams, logging: UpstreamLogging): Promise<void> {
  await upstreams.collect(async ({ connectorId, use }) => {
    await use((connection) => logging.enable(connectorId, connection));
    return [];
  });
}
