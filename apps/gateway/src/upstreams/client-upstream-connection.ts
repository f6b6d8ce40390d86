import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpError, ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import type { JsonRpcResponse, HttpPost } from "@switchboard/mcp-bridge";
import { exchangeStatelessTaskRequest, optsIntoTasks } from "./stateless-task-exchange.ts";
import { StatelessUpstreamClient } from "./stateless-upstream-client.ts";
import { UpstreamConnection, type UpstreamRequestOptions } from "./upstream-connection.ts";

/** The longest timer Node accepts: the forwarder's own call timeout is the one that applies. */
const NO_SDK_TIMEOUT_MS = 2_147_483_647;

/**
 * An upstream whose requests all go through its SDK client: on the legacy HTTP+SSE transport
 * responses arrive on the server's event stream, not on the POST that sent the request, so the
 * client pairs them; on the stateless 2026-07-28 revision every request carries the per-request
 * envelope and headers the v2 client writes (see `StatelessUpstreamClient`), except a request whose
 * client opted into tasks, whose answer may be a task the v2 client cannot decode (see
 * `exchangeStatelessTaskRequest`). Results and JSON-RPC errors come back in the same shape as on
 * the direct path.
 */
export class ClientUpstreamConnection extends UpstreamConnection {
  private nextClientId = 1;

  constructor(client: Client, url: URL, headers: Record<string, string>, post: HttpPost) {
    super(client, {}, url, headers, post, () => undefined);
  }

  override async request(
    method: string,
    params: Record<string, unknown>,
    { signal, onProgress }: UpstreamRequestOptions,
  ): Promise<JsonRpcResponse> {
    const id = `sb-client-${this.nextClientId++}`;
    if (this.client instanceof StatelessUpstreamClient && optsIntoTasks(params)) {
      return exchangeStatelessTaskRequest(this.post, this.url, this.headers, id, method, params, signal);
    }
    try {
      const result = await this.client.request({ method, params }, ResultSchema, {
        signal,
        timeout: NO_SDK_TIMEOUT_MS,
        ...(onProgress ? { onprogress: (progress) => onProgress({ ...progress, progressToken: id }) } : {}),
      });
      return { jsonrpc: "2.0", id, result };
    } catch (error) {
      if (!(error instanceof McpError)) throw error;
      // The SDK prefixes the server's message; the client gets the server's own words.
      const message = error.message.replace(/^MCP error -?\d+: /, "");
      return { jsonrpc: "2.0", id, error: { code: error.code, message, data: error.data } };
    }
  }
}
