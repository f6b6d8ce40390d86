import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Implementation, Tool } from "@modelcontextprotocol/sdk/types.js";
import { checkStatelessHealth } from "./check-stateless-health.ts";

export interface HealthReport {
  serverInfo: Implementation;
  /** How the server says it wants to be used (its initialize result's or discovery answer's `instructions`). */
  instructions?: string | undefined;
  tools: Tool[];
}

export interface HealthCheckOptions {
  /** Budget for initialize and every tools/list page together. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Speaks MCP over `transport`: initialize (the server's identity and instructions), then
 * tools/list (all pages). Closes the transport when done.
 */
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
    return { serverInfo, instructions: client.getInstructions(), tools };
  } catch (error) {
    if (signal.aborted) throw new Error(`MCP health check timed out after ${timeoutMs} ms`, { cause: error });
    throw error;
  } finally {
    await client.close();
  }
}

/**
 * Health check of a Streamable HTTP server, e.g. a container's `httpUrl`; `headers` may carry its
 * bearer token. A server that refuses the 2025 initialize with HTTP 400, the way a server that
 * speaks only 2026-07-28 answers an unsupported revision, is checked on that revision.
 */
export async function checkHttpHealth(
  url: string,
  { timeoutMs = DEFAULT_TIMEOUT_MS }: HealthCheckOptions = {},
  headers: Record<string, string> = {},
  fetch?: typeof globalThis.fetch,
): Promise<HealthReport> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, ...(fetch ? { fetch } : {}) }); // prettier-ignore
  try {
    return await checkHealth(transport, { timeoutMs });
  } catch (error) {
    if (!(error instanceof StreamableHTTPError) || error.code !== 400) throw error;
    return checkStatelessHealth(new URL(url), { timeoutMs }, headers, fetch);
  }
}
