import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { UpstreamConnection } from "./upstream-connection.ts";
import type { UpstreamCredential, UpstreamPool } from "./upstream-pool.ts";

function isUnauthorized(error: unknown): boolean {
  return error instanceof StreamableHTTPError && error.code === 401;
}

/**
 * Runs `operation` on the installation's upstream connection. When a remote server answers 401, the
 * credential it rejected is refreshed once (through the shared single-flight refresh), the client
 * reconnects with the new token, and the operation runs again; a second 401 is the caller's error.
 */
export async function callWithFreshCredential<T>(
  pool: UpstreamPool,
  installationId: string,
  refresh: (credential: UpstreamCredential) => Promise<void>,
  operation: (connection: UpstreamConnection) => Promise<T>,
): Promise<T> {
  try {
    return await operation(await pool.get(installationId));
  } catch (error) {
    const rejected = pool.credentialOf(installationId);
    if (!isUnauthorized(error) || !rejected) throw error;
    pool.drop(installationId);
    await refresh(rejected);
    return operation(await pool.get(installationId));
  }
}
