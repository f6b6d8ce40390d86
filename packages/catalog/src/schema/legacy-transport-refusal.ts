/**
 * The statuses with which a server that only speaks the legacy HTTP+SSE transport refuses a POSTed
 * `initialize` (MCP 2025-03-26, "Backwards Compatibility"): a client then opens the SSE stream.
 */
const LEGACY_ONLY_STATUSES = new Set([400, 404, 405]);

/** Whether a remote server's answer to a POSTed `initialize` says it speaks only legacy HTTP+SSE. */
export function isLegacyTransportRefusal(status: number | undefined): boolean {
  return status !== undefined && LEGACY_ONLY_STATUSES.has(status);
}
