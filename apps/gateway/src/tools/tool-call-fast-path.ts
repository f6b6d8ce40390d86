import type { IncomingMessage, ServerResponse } from "node:http";
import { SUPPORTED_PROTOCOL_VERSIONS, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import { passOnClientMeta } from "./client-meta.ts";
import type { ForwardToolCall } from "./forward-tool-call.ts";
import { abortWhenClientLeaves, isJsonObject, writeJsonAnswer } from "./json-answer.ts";
import type { SessionRoutes } from "../sessions/session-routes.ts";

interface PlainToolCall {
  id: RequestId;
  params: { name: string; arguments?: Record<string, unknown>; _meta?: unknown };
}

/** A single `tools/call` request that does not ask for progress (which needs a stream) or a task. */
function isPlainToolCall(body: unknown): body is PlainToolCall {
  if (!isJsonObject(body) || body.jsonrpc !== "2.0" || body.method !== "tools/call") return false;
  if (typeof body.id !== "string" && typeof body.id !== "number") return false;
  const params = body.params;
  if (!isJsonObject(params) || typeof params.name !== "string") return false;
  if (params.arguments !== undefined && !isJsonObject(params.arguments)) return false;
  if (params.task !== undefined) return false;
  return !isJsonObject(params._meta) || params._meta.progressToken === undefined;
}

function cancelledRequestId(body: unknown): RequestId | undefined {
  if (!isJsonObject(body) || body.method !== "notifications/cancelled" || !isJsonObject(body.params)) return undefined;
  const id = body.params.requestId;
  return typeof id === "string" || typeof id === "number" ? id : undefined;
}

/** The checks the SDK transport makes on a POST; requests failing them get its error answers. */
function isWellFormedPost(request: IncomingMessage): boolean {
  const accept = request.headers.accept ?? "";
  const contentType = request.headers["content-type"] ?? "";
  const version = request.headers["mcp-protocol-version"];
  return (
    request.method === "POST" &&
    accept.includes("application/json") &&
    accept.includes("text/event-stream") &&
    contentType.split(";", 1)[0]!.trim().toLowerCase() === "application/json" &&
    (version === undefined || SUPPORTED_PROTOCOL_VERSIONS.includes(String(version)))
  );
}

/** How the SDK session serves a request the fast path hands over after reading its body. */
export type SessionPath = (request: IncomingMessage, response: ServerResponse, body: unknown) => Promise<void>;

/**
 * Answers a session's plain `tools/call` requests with one JSON response each, without the SDK's
 * server transport, which wraps every request in web streams and an event stream: the hot path.
 * Calls asking for progress, batches and every other method go through the SDK session, and so do
 * requests the SDK transport would refuse, so they still get its error answers.
 */
export class ToolCallFastPath {
  private readonly inFlight = new Map<RequestId, AbortController>();

  constructor(
    private readonly sessionId: string,
    private readonly routes: SessionRoutes,
    private readonly forward: ForwardToolCall,
    /**
     * Only for a client that can be asked for input: its calls to a connector that may ask for it
     * go here instead, as only the SDK session can ask on the request's own event stream.
     */
    private readonly askingPath?: SessionPath,
  ) {}

  /** Takes the request if it is a plain tool call, or the cancellation of one running here; else undefined. */
  tryHandle(request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> | undefined {
    if (!isWellFormedPost(request)) return undefined;
    if (isPlainToolCall(body)) return this.call(body, request, response);
    const cancelled = cancelledRequestId(body);
    const call = cancelled === undefined ? undefined : this.inFlight.get(cancelled);
    if (!call) return undefined;
    call.abort(new Error("The client cancelled the request."));
    response.writeHead(202).end();
    return Promise.resolve();
  }

  /** Stops every running call (the session closed). */
  abortAll(): void {
    for (const call of this.inFlight.values()) call.abort(new Error("The session closed."));
  }

  private async call(body: PlainToolCall, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { id, params } = body;
    const controller = abortWhenClientLeaves(response);
    this.inFlight.set(id, controller);
    try {
      const answer = await this.forward({
        routes: this.routes,
        name: params.name,
        arguments: params.arguments,
        meta: passOnClientMeta(params._meta),
        signal: controller.signal,
        controller,
        declineIfInputPossible: this.askingPath !== undefined,
      });
      if (!answer) {
        // Its cancellation must reach the SDK session now.
        this.inFlight.delete(id);
        return await this.askingPath!(request, response, body);
      }
      writeJsonAnswer(response, JSON.stringify({ jsonrpc: "2.0", id, ...answer }), {
        "mcp-session-id": this.sessionId,
      });
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      // A cancelled request gets no response (MCP); its stream just ends.
      if (!response.headersSent) response.writeHead(200, { "content-type": "text/event-stream" }).end();
    } finally {
      this.inFlight.delete(id);
    }
  }
}
