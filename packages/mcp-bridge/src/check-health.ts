import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Implementation, Tool } from "@modelcontextprotocol/sdk/types.js";

export interface HealthReport {
  serverInfo: Implementation;
  tools: Tool[];
}

export interface HealthCheckOptions {
  /** Budget for initialize and every tools/list page together. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Speaks MCP over `transport`: initialize, then tools/list (all pages). Closes the transport when done. */
export async function checkHealth(
  transport: Transport,
  { timeoutMs = DEFAULT_TIMEOUT_MS }: HealthCheckOptions = {},
): Promise<HealthReport> {
  const client = new Client({ name: "switchboard-health-check", version: "1.0.0" });
  const signal = AbortSignal.timeout(timeoutMs);
  const requestOptions = { signal, timeout: timeoutMs };
  try {
    await client.connect(transport, requestOptions);
    const serverInfo = client.getServerVersion();
    if (!serverInfo) throw new Error("MCP server sent no serverInfo");
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, requestOptions);
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return { serverInfo, tools };
  } catch (error) {
    if (signal.aborted) throw new Error(`MCP health check timed out after ${timeoutMs} ms`, { cause: error });
    throw error;
  } finally {
    await client.close();
  }
}

/** Health check of a Streamable HTTP server, e.g. a container's `httpUrl`; `headers` may carry its bearer token. */
export function checkHttpHealth(
  url: string,
  options?: HealthCheckOptions,
  headers: Record<string, string> = {},
  fetch?: typeof globalThis.fetch,
): Promise<HealthReport> {
  return checkHealth(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, ...(fetch ? { fetch } : {}) }),
    options,
  );
}
