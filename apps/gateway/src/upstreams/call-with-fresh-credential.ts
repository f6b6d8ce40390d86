import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { UpstreamConnection } from "./upstream-connection.ts";
import type { UpstreamCredential, UpstreamPool } from "./upstream-pool.ts";

function isUnauthorized(error: unknown): boolean {
  return error instanceof StreamableHTTPError && error.code === 401;
}

/**
 * Runs `operation` on the connector's upstream connection. When a remote server answers 401, the
 * credential it rejected is refreshed once (through the shared single-flight refresh), the client
 * reconnects with the new token, and the operation runs again; a second 401 is the caller's error.
 */
export async function callWithFreshCredential<T>(
  pool: UpstreamPool,
  connectorId: string,
  refresh: (credential: UpstreamCredential) => Promise<void>,
  operation: (connection: UpstreamConnection) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  try {
    return await pool.use(connectorId, operation, signal);
  } catch (error) {
    const rejected = pool.credentialOf(connectorId);
    // `use` dropped the connection that was refused; the next one reads the refreshed token.
    if (!isUnauthorized(error) || !rejected) throw error;
    await refresh(rejected);
    return pool.use(connectorId, operation, signal);
  }
}
