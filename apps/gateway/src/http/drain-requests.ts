import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { sendJson } from "@switchboard/mcp-bridge";

export interface RequestDrain {
  /**
   * Stops taking connections and closes idle ones, answers every later request 503 without
   * running it, and resolves once the requests in flight are answered, or after `deadlineMs`:
   * those still running then are answered 503 (or their event stream ended) before it resolves.
   * From then on a connection is closed as soon as its response ends. Event streams (GET) are not
   * waited for: they last as long as their session.
   */
  drain(deadlineMs: number): Promise<void>;
}

/** A GET is a session's event stream: it stays open until the client or the session ends it. */
const isEventStream = (request: IncomingMessage) => request.method === "GET";

const SHUTTING_DOWN = "the gateway is shutting down; send the request again";
const CUT_OFF = "the gateway stopped before the call finished; it may have run";

/**
 * Tracks `server`'s requests so a shutdown answers every one before sessions and connections
 * close. Behind a proxy that resends a request its server closed without answering (HAProxy's
 * `retry-on empty-response`), a call cut off without an answer would run again elsewhere; a 503
 * is an answer, which the proxy passes on. Call it once the server's request handler is attached:
 * it puts itself in front of that handler, so a request arriving during the drain never runs.
 */
export function trackRequests(server: Server): RequestDrain {
  const handlers = server.listeners("request") as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners("request");
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let drained: (() => void) | undefined;
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    if (draining) return answerUnavailable(response, SHUTTING_DOWN);
    // One listener per response, on the hot path. Once its response ends, a connection could
    // carry another request to a closing gateway.
    const { socket } = request;
    const tracked = !isEventStream(request);
    if (tracked) inFlight.add(response);
    response.on("close", () => {
      if (draining) socket.end();
      if (!tracked) return;
      inFlight.delete(response);
      if (inFlight.size === 0) drained?.();
    });
    for (const handler of handlers) handler.call(server, request, response);
  });
  return {
    async drain(deadlineMs) {
      draining = true;
      // The client's next request then opens a new connection, which reaches another instance.
      for (const response of inFlight) if (!response.headersSent) response.setHeader("connection", "close");
      server.close();
      if (inFlight.size > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, deadlineMs).unref();
        });
      }
      for (const response of inFlight) answerCutOff(response);
      server.closeIdleConnections();
    },
  };
}

/** Answers a call still running at the drain's deadline; an answer already begun (an event stream) ends. */
function answerCutOff(response: ServerResponse) {
  // Its handler may still write to the response when the call finishes: that must not throw.
  response.on("error", () => undefined);
  if (response.headersSent) response.end();
  else answerUnavailable(response, CUT_OFF);
}

/** 503 with a JSON-RPC error: an answer, so a proxy does not resend the request on its own. */
function answerUnavailable(response: ServerResponse, message: string) {
  response.setHeader("connection", "close");
  response.setHeader("retry-after", "1");
  sendJson(response, 503, { jsonrpc: "2.0", id: null, error: { code: -32000, message } });
}
