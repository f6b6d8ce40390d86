import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { ConnectorNaming } from "../tools/connector-naming.ts";
import type { SessionRoutes } from "./session-routes.ts";
import type { UpstreamConnection } from "../upstreams/upstream-connection.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";

export interface VisibleUpstream {
  connectorId: string;
  prefix: string;
  /** The connector's display name. */
  name: string;
  /** How the session's clients name what it offers. */
  naming: ConnectorNaming;
  /** Runs an operation on the connector's pooled upstream connection (see `UpstreamPool.use`). */
  use<T>(operation: (connection: UpstreamConnection) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * The upstream connections one session may use: only those of connectors its token sees now,
 * looked up by the prefix in a namespaced name or gateway URI, or all at once for aggregation.
 */
export class SessionUpstreams {
  constructor(
    private readonly pool: UpstreamPool,
    readonly routes: SessionRoutes,
    /** Budget for each upstream's part of an aggregated call; a slow or dead upstream is left out. */
    readonly listTimeoutMs: number,
    readonly callTimeoutMs: number,
  ) {}

  /** How the session's clients name prompts and resources (and so which connector a name routes to). */
  async naming(): Promise<ConnectorNaming> {
    return (await this.routes.current()).naming;
  }

  /** The upstream a prefix names; an unknown or invisible one is the client's error. */
  async byPrefix(prefix: string): Promise<VisibleUpstream> {
    const { connectorIds, connectors, naming } = await this.routes.current();
    const connectorId = connectorIds.get(prefix);
    if (!connectorId) throw new McpError(ErrorCode.InvalidParams, `Unknown connector: ${prefix}`);
    const name = connectors.find((connector) => connector.id === connectorId)!.name;
    return {
      connectorId,
      prefix,
      name,
      naming,
      use: (operation, signal) => this.pool.use(connectorId, operation, signal),
    };
  }

  /** Runs `each` on every visible running upstream in parallel; failures and timeouts contribute nothing. */
  async collect<T>(each: (upstream: VisibleUpstream) => Promise<T[]>): Promise<T[]> {
    const { connectors, prefixes, naming } = await this.routes.current();
    const results = await Promise.allSettled(
      connectors
        .filter((connector) => connector.ready)
        .map((connector) =>
          each({
            connectorId: connector.id,
            prefix: prefixes.get(connector.id)!,
            name: connector.name,
            naming,
            use: (operation, signal) => this.pool.use(connector.id, operation, signal),
          }),
        ),
    );
    return results.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
  }
}
