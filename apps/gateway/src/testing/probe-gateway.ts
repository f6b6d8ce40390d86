/**
 * A plain MCP `initialize`, as a 2025 client opens its session (with a bearer, or none to be
 * challenged, and any further headers such as a page's `Origin`); the raw response.
 */
export function postInitialize(
  mcpUrl: string,
  bearer: string | undefined,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(mcpUrl, {
    method: "POST",
    headers: {
      ...headers,
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "probe", version: "1" } },
    }),
  });
}

/** The HTTP status the gateway answers a plain `initialize` with a bearer (200 when it accepts it). */
export async function probeGateway(mcpUrl: string, bearer: string): Promise<number> {
  const response = await postInitialize(mcpUrl, bearer);
  await response.body?.cancel();
  return response.status;
}

/** A JSON-RPC answer as a test reads it. */
export interface JsonRpcAnswer {
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

/** The JSON-RPC answer of a response, whether sent as JSON or as one event of a stream. */
export async function readJsonRpcAnswer(response: Response): Promise<JsonRpcAnswer> {
  const text = await response.text();
  const json = response.headers.get("content-type")?.includes("text/event-stream")
    ? text
        .split("\n")
        .find((line) => line.startsWith("data: "))!
        .slice(6)
    : text;
  return JSON.parse(json) as JsonRpcAnswer;
}

/**
 * One raw 2026-07-28 request, as a stateless client sends it: the version and client in the
 * request's `_meta`, the routing headers (`Mcp-Method`, and `Mcp-Name` for a named target).
 */
export async function postStateless(
  mcpUrl: string,
  bearer: string,
  method: string,
  params: Record<string, unknown>,
  capabilities: Record<string, unknown> = {},
): Promise<JsonRpcAnswer> {
  const name = params.name ?? params.uri ?? params.taskId;
  const response = await fetch(mcpUrl, {
    method: "POST",
    headers: {
      authorization: `Bearer ${bearer}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": method,
      ...(typeof name === "string" ? { "mcp-name": name } : {}),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method,
      params: {
        ...params,
        _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1.0.0" },
          "io.modelcontextprotocol/clientCapabilities": capabilities,
        },
      },
    }),
  });
  return readJsonRpcAnswer(response);
}

/** One JSON-RPC POST that names a session, as a client sends it, to one instance. */
export function postInSession(
  gatewayUrl: string,
  token: string,
  sessionId: string,
  message: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(`${gatewayUrl}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-session-id": sessionId,
      ...headers,
    },
    body: JSON.stringify(message),
  });
}
