import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpError, ResultSchema, type ProgressNotification } from "@modelcontextprotocol/sdk/types.js";
import type { JsonRpcResponse, HttpPost } from "@switchboard/mcp-bridge";
import { messageOf } from "../sessions/relayed-error.ts";
import { checkStatelessToolAnswer } from "./check-stateless-tool-answer.ts";
import { exchangeStatelessRequest } from "./stateless-exchange.ts";
import { optsIntoTasks } from "./stateless-task-exchange.ts";
import { StatelessUpstreamClient } from "./stateless-upstream-client.ts";
import { UpstreamConnection, type UpstreamRequestOptions } from "./upstream-connection.ts";

/** The longest timer Node accepts: the forwarder's own call timeout is the one that applies. */
const NO_SDK_TIMEOUT_MS = 2_147_483_647;

/**
 * An upstream whose requests all go through its SDK client: on the legacy HTTP+SSE transport
 * responses arrive on the server's event stream, not on the POST that sent the request, so the
 * client pairs them; on the stateless 2026-07-28 revision every request carries the per-request
 * envelope and headers the v2 client writes (see `StatelessUpstreamClient`), except tool calls
 * and the tasks surface, which take a plain exchange (`exchangeStatelessRequest`): the hot path,
 * at a fraction of the v2 client's cost, and a request whose client opted into tasks may be
 * answered with a task the v2 client cannot decode, so it is passed on as it came. Results and
 * JSON-RPC errors come back in the same shape as on the direct path.
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
    if (this.client instanceof StatelessUpstreamClient) {
      if (optsIntoTasks(params)) return this.exchange(id, method, params, signal);
      if (method === "tools/call") return checkStatelessToolAnswer(await this.exchange(id, method, params, signal, onProgress)); // prettier-ignore
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
      return { jsonrpc: "2.0", id, error: { code: error.code, message: messageOf(error), data: error.data } };
    }
  }

  /** One request on the stateless revision, the upstream's progress on its stream to `onProgress`. */
  private exchange(
    id: string,
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal,
    onProgress?: UpstreamRequestOptions["onProgress"],
  ): Promise<JsonRpcResponse> {
    if (!onProgress) return exchangeStatelessRequest(this.post, this.url, this.headers, { id, method, params }, signal);
    const meta = { ...(params._meta as Record<string, unknown> | undefined), progressToken: id };
    return exchangeStatelessRequest(
      this.post,
      this.url,
      this.headers,
      { id, method, params: { ...params, _meta: meta } },
      signal,
      (notification) => {
        const progress = notification.params as ProgressNotification["params"] | undefined;
        if (notification.method === "notifications/progress" && progress?.progressToken === id) onProgress(progress);
      },
    );
  }
}
