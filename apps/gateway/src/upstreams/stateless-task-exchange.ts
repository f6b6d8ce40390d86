import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
} from "@modelcontextprotocol/client";
import { exchangeJsonRpc, type HttpPost, type JsonRpcResponse } from "@switchboard/mcp-bridge";
import { STATELESS_REVISION } from "./stateless-upstream-client.ts";

/** The MCP 2026-07-28 tasks extension (SEP-2663): advertised under `capabilities.extensions`, opted into per request. */
export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

/** The body field each request's `Mcp-Name` header mirrors (SEP-2243, and SEP-2663 for `tasks/*`). */
const NAME_FIELD: Record<string, string> = {
  "tools/call": "name",
  "tasks/get": "taskId",
  "tasks/update": "taskId",
  "tasks/cancel": "taskId",
};

/** Whether a request's `_meta` says its client takes tasks (the client's capabilities, passed on by the gateway). */
export function optsIntoTasks(params: Record<string, unknown>): boolean {
  const meta = params._meta as Record<string, unknown> | undefined;
  const capabilities = meta?.[CLIENT_CAPABILITIES_META_KEY] as { extensions?: Record<string, unknown> } | undefined;
  return capabilities?.extensions?.[TASKS_EXTENSION] !== undefined;
}

/** A header value as SEP-2243 carries it: verbatim when it is plain visible ASCII, else in its Base64 sentinel. */
function headerValue(value: string): string {
  return /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value) && !value.startsWith("=?base64?")
    ? value
    : `=?base64?${Buffer.from(value).toString("base64")}?=`;
}

/**
 * Sends one 2026-07-28 request of the tasks surface (a `tools/call` whose client opted into tasks,
 * `tasks/get|update|cancel`) to a stateless upstream as plain JSON-RPC over HTTP, with the
 * per-request envelope and standard headers the v2 SDK client would write. The v2 client refuses
 * a `CreateTaskResult` (`resultType: "task"`) as an unsupported result type and has no result
 * schema for `tasks/*`, so these requests skip it; the answer comes back as the upstream sent it.
 */
export function exchangeStatelessTaskRequest(
  post: HttpPost,
  url: URL,
  headers: Record<string, string>,
  id: string,
  method: string,
  params: Record<string, unknown>,
  signal: AbortSignal,
): Promise<JsonRpcResponse> {
  const name = NAME_FIELD[method] && params[NAME_FIELD[method]];
  const meta = params._meta as Record<string, unknown> | undefined;
  const message = {
    jsonrpc: "2.0" as const,
    id,
    method,
    params: {
      ...params,
      _meta: {
        ...meta,
        [PROTOCOL_VERSION_META_KEY]: STATELESS_REVISION,
        [CLIENT_INFO_META_KEY]: { name: "switchboard-gateway", version: "1.0.0" },
      },
    },
  };
  const requestHeaders = {
    ...headers,
    "mcp-protocol-version": STATELESS_REVISION,
    "mcp-method": method,
    ...(typeof name === "string" ? { "mcp-name": headerValue(name) } : {}),
  };
  return exchangeJsonRpc(post, url, requestHeaders, message, signal, () => undefined);
}
