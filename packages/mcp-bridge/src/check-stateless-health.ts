import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { HealthCheckOptions, HealthReport } from "./check-health.ts";
import { createToolCollector } from "./limit-reply-bytes.ts";
import { recordedInstructions } from "./recorded-instructions.ts";

/**
 * The health check of a server that speaks only MCP 2026-07-28: the v2 SDK client pinned to that
 * revision (`server/discover` must offer it, and answers the server's identity and instructions;
 * there is no initialize), then every tools/list page.
 */
export async function checkStatelessHealth(
  url: URL,
  { timeoutMs, maxReplyBytes }: Required<HealthCheckOptions>,
  headers: Record<string, string>,
  fetch?: typeof globalThis.fetch,
): Promise<HealthReport> {
  const client = new Client(
    { name: "switchboard-health-check", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  const requestOptions = { signal: AbortSignal.timeout(timeoutMs), timeout: timeoutMs };
  try {
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers }, ...(fetch ? { fetch } : {}) }), requestOptions); // prettier-ignore
    const serverInfo = client.getServerVersion();
    if (!serverInfo) throw new Error("MCP server sent no serverInfo");
    const tools = createToolCollector<HealthReport["tools"][number]>(maxReplyBytes);
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, requestOptions);
      // The same JSON the 1.x SDK types (JSON Schema as plain objects).
      tools.add(page.tools as HealthReport["tools"]);
      cursor = page.nextCursor;
    } while (cursor);
    return { serverInfo, instructions: recordedInstructions(client.getInstructions()), tools: tools.tools };
  } finally {
    await client.close();
  }
}
