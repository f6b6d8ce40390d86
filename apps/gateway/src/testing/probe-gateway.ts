/** A plain MCP `initialize` with a bearer: the HTTP status the gateway answers (200 when it accepts it). */
export async function probeGateway(mcpUrl: string, bearer: string): Promise<number> {
  const response = await fetch(mcpUrl, {
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
  await response.body?.cancel();
  return response.status;
}
