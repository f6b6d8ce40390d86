/**
 * JSON-RPC methods an MCP client sends (2025 revisions and 2026-07-28), plus the gateway's own
 * names for batches, client responses and session ends. Only these become metric labels.
 */
const KNOWN_METHODS: ReadonlySet<string> = new Set([
  "initialize",
  "ping",
  "server/discover",
  "tools/list",
  "tools/call",
  "prompts/list",
  "prompts/get",
  "resources/list",
  "resources/templates/list",
  "resources/read",
  "resources/subscribe",
  "resources/unsubscribe",
  "completion/complete",
  "logging/setLevel",
  "notifications/initialized",
  "notifications/cancelled",
  "notifications/progress",
  "notifications/roots/list_changed",
  "batch",
  "response",
  "session/delete",
]);

/**
 * The `method` label for a request. The method comes from the client, so anything unknown is one
 * `other` series (security finding 2): a token holder sending random methods must not grow the
 * gateway's memory and `/metrics` one series at a time.
 */
export function toMethodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : "other";
}
