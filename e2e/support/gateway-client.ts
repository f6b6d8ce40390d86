import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

/** An MCP client session on the gateway with a gateway token, as Claude Desktop or Cursor opens one. */
export async function connectToGateway(url: string, token: string): Promise<Client> {
  const client = new Client({ name: "e2e-journey", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

/** The gateway's namespaced names (`<connector>__<tool>`) of an upstream tool this session sees. */
export async function findGatewayTools(client: Client, upstreamName: string): Promise<string[]> {
  const { tools } = await client.listTools();
  return tools.map((tool) => tool.name).filter((name) => name.endsWith(`__${upstreamName}`));
}

/** Calls a tool without arguments and returns its text, failing on a tool error. */
export async function callForText(client: Client, name: string): Promise<string> {
  const result = await client.callTool({ name, arguments: {} });
  const text = (result.content as { type: string; text?: string }[]).map((part) => part.text ?? "").join("");
  if (result.isError) throw new Error(`${name} failed: ${text}`);
  return text;
}
