import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Implementation, Tool } from "@modelcontextprotocol/sdk/types.js";
import { checkStatelessHealth } from "./check-stateless-health.ts";
import { createToolCollector, limitReplyBytes } from "./limit-reply-bytes.ts";
import { recordedInstructions } from "./recorded-instructions.ts";
import { DEFAULT_MAX_REPLY_BYTES } from "./upstream-http.ts";

export interface HealthReport {
  serverInfo: Implementation;
  /** How the server says it wants to be used (its initialize result's or discovery answer's `instructions`). */
  instructions?: string | undefined;
  tools: Tool[];
}

export interface HealthCheckOptions {
  /** Budget for initialize and every tools/list page together. */
  timeoutMs?: number;
  /**
   * Most bytes of one HTTP reply, and of the whole tool list, that are read: the runner checks every
   * connector's server in one process. Default 32 MiB, as the gateway reads of one reply.
   */
  maxReplyBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Speaks MCP over `transport`: initialize (the server's identity and instructions), then
 * tools/list (all pages). Closes the transport when done.
 */
export async function checkHealth(
  transport: Transport,
  { timeoutMs = DEFAULT_TIMEOUT_MS, maxReplyBytes = DEFAULT_MAX_REPLY_BYTES }: HealthCheckOptions = {},
): Promise<HealthReport> {
  const client = new Client({ name: "switchboard-health-check", version: "1.0.0" });
  const signal = AbortSignal.timeout(timeoutMs);
  const requestOptions = { signal, timeout: timeoutMs };
  try {
    await client.connect(transport, requestOptions);
    const serverInfo = client.getServerVersion();
    if (!serverInfo) throw new Error("MCP server sent no serverInfo");
    const tools = createToolCollector<Tool>(maxReplyBytes);
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, requestOptions);
      tools.add(page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return { serverInfo, instructions: recordedInstructions(client.getInstructions()), tools: tools.tools };
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
  { timeoutMs = DEFAULT_TIMEOUT_MS, maxReplyBytes = DEFAULT_MAX_REPLY_BYTES }: HealthCheckOptions = {},
  headers: Record<string, string> = {},
  fetch: typeof globalThis.fetch = globalThis.fetch,
): Promise<HealthReport> {
  const limited = limitReplyBytes(fetch, maxReplyBytes);
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, fetch: limited });
  try {
    return await checkHealth(transport, { timeoutMs, maxReplyBytes });
  } catch (error) {
    if (!(error instanceof StreamableHTTPError) || error.code !== 400) throw error;
    return checkStatelessHealth(new URL(url), { timeoutMs, maxReplyBytes }, headers, limited);
  }
}
