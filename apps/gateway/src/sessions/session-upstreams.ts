import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { SessionRoutes } from "./session-routes.ts";
import type { UpstreamConnection } from "../upstreams/upstream-connection.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";

export interface VisibleUpstream {
  installationId: string;
  prefix: string;
  /** The installation's display name. */
  name: string;
  /** Runs an operation on the installation's pooled upstream connection (see `UpstreamPool.use`). */
  use<T>(operation: (connection: UpstreamConnection) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * The upstream connections one session may use: only those of installations its token sees now,
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

  /** The upstream a prefix names; an unknown or invisible one is the client's error. */
  async byPrefix(prefix: string): Promise<VisibleUpstream> {
    const { installationIds, installations } = await this.routes.current();
    const installationId = installationIds.get(prefix);
    if (!installationId) throw new McpError(ErrorCode.InvalidParams, `Unknown connector: ${prefix}`);
    const name = installations.find((installation) => installation.id === installationId)!.name;
    return {
      installationId,
      prefix,
      name,
      use: (operation, signal) => this.pool.use(installationId, operation, signal),
    };
  }

  /** Runs `each` on every visible running upstream in parallel; failures and timeouts contribute nothing. */
  async collect<T>(each: (upstream: VisibleUpstream) => Promise<T[]>): Promise<T[]> {
    const { installations, prefixes } = await this.routes.current();
    const results = await Promise.allSettled(
      installations
        .filter((installation) => installation.ready)
        .map((installation) =>
          each({
            installationId: installation.id,
            prefix: prefixes.get(installation.id)!,
            name: installation.name,
            use: (operation, signal) => this.pool.use(installation.id, operation, signal),
          }),
        ),
    );
    return results.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
  }
}
