import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  ErrorCode,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type ProgressNotification,
  type ServerNotification,
} from "@modelcontextprotocol/sdk/types.js";
import { exchangeJsonRpc, sendJsonRpcNotification, type JsonRpcResponse, type HttpPost } from "@switchboard/mcp-bridge";

export interface UpstreamRequestOptions {
  signal: AbortSignal;
  /** Asks the server for progress and receives it (with the upstream progress token). */
  onProgress?: (progress: ProgressNotification["params"]) => void;
}

const CANCEL_NOTICE_TIMEOUT_MS = 5_000;

/**
 * One connector's upstream MCP session. The SDK client opened it and serves the occasional
 * requests (lists, prompts, resources) and the server's notifications; `request` sends a request
 * on the same session straight over HTTP, skipping the SDK client's per-request work, for the hot
 * path (tool calls). Its ids are strings (`sb-1`, …) and the SDK client's are numbers, so the two
 * never collide within the session.
 */
export class UpstreamConnection {
  private nextId = 1;
  protected readonly headers: Record<string, string>;

  constructor(
    readonly client: Client,
    /** The transport that opened the session (Streamable HTTP: its session id and negotiated version). */
    transport: { sessionId?: string | undefined; protocolVersion?: string | undefined },
    protected readonly url: URL,
    targetHeaders: Record<string, string>,
    protected readonly post: HttpPost,
    /** Where other notifications on a request's stream go: the same place as the SDK client's. */
    private readonly onNotification: (notification: ServerNotification) => void,
  ) {
    this.headers = {
      ...targetHeaders,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(transport.sessionId ? { "mcp-session-id": transport.sessionId } : {}),
      ...(transport.protocolVersion ? { "mcp-protocol-version": transport.protocolVersion } : {}),
    };
  }

  /** Sends one request and returns the server's JSON-RPC response (result or error) as it came. */
  async request(
    method: string,
    params: Record<string, unknown>,
    { signal, onProgress }: UpstreamRequestOptions,
  ): Promise<JsonRpcResponse> {
    const id = `sb-${this.nextId++}`;
    const message = {
      jsonrpc: "2.0" as const,
      id,
      method,
      // The client's own `_meta` keys (trace context) go along; the progress token is this request's.
      params: onProgress
        ? { ...params, _meta: { ...(params._meta as object | undefined), progressToken: id } }
        : params,
    };
    try {
      return await exchangeJsonRpc(
        this.post,
        this.url,
        this.headers,
        message,
        signal,
        onProgress ? this.progressRouter(id, onProgress) : this.forwardNotification,
        this.refuseRequest,
      );
    } catch (error) {
      // Like the SDK client: an abandoned request is cancelled upstream, not left running. The
      // exchange ends as soon as the signal aborts (the post honours it), so the notice goes then,
      // without a listener per call on the hot path.
      if (signal.aborted) {
        void this.notify({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId: id, reason: String(signal.reason) },
        }).catch(() => undefined);
      }
      throw error;
    }
  }

  /**
   * A request the server sends its client while it answers a call (sampling, elicitation, roots):
   * this shared session declared none of them, so it is refused at once, as the runner's bridge
   * and an SDK client without a handler do, instead of the server waiting for an answer until
   * the call times out.
   */
  private readonly refuseRequest = (request: JSONRPCRequest): void => {
    void this.notify({
      jsonrpc: "2.0",
      id: request.id,
      error: { code: ErrorCode.MethodNotFound, message: `${request.method} is not available through the gateway` },
    }).catch(() => undefined);
  };

  /** Notifications on a request's stream other than progress: where the SDK client's go. */
  private readonly forwardNotification = (notification: JSONRPCNotification): void => {
    if (notification.method !== "notifications/progress") this.onNotification(notification as ServerNotification);
  };

  /** As `forwardNotification`, and the request's own progress to its caller. */
  private progressRouter(id: string, onProgress: NonNullable<UpstreamRequestOptions["onProgress"]>) {
    return (notification: JSONRPCNotification): void => {
      if (notification.method !== "notifications/progress") this.onNotification(notification as ServerNotification);
      else if (notification.params?.progressToken === id) {
        onProgress(notification.params as ProgressNotification["params"]);
      }
    };
  }

  private notify(notification: JSONRPCNotification | JsonRpcResponse): Promise<void> {
    return sendJsonRpcNotification(
      this.post,
      this.url,
      this.headers,
      notification,
      AbortSignal.timeout(CANCEL_NOTICE_TIMEOUT_MS),
    );
  }
}
