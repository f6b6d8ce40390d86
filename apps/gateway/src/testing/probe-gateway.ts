/** A plain MCP `initialize` with a bearer, as a 2025 client opens its session; the raw response. */
export function postInitialize(mcpUrl: string, bearer: string): Promise<Response> {
  return fetch(mcpUrl, {
    method: "POST",
    headers: {
      authorization: `Bearer ${bearer}`,
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
