import type { IncomingMessage, Server, ServerResponse } from "node:http";

export interface RequestDrain {
  /**
   * Stops taking connections and closes idle ones, answers every later request with
   * `Connection: close`, and resolves once the requests in flight are answered, or after
   * `deadlineMs`. Event streams (GET) are not waited for: they last as long as their session.
   */
  drain(deadlineMs: number): Promise<void>;
}

/** A GET is a session's event stream: it stays open until the client or the session ends it. */
const isEventStream = (request: IncomingMessage) => request.method === "GET";

/**
 * Tracks `server`'s requests so a shutdown can let the ones in flight finish before sessions and
 * connections close: a request cut off by a closing gateway is one a proxy must not resend (it
 * may have run), and one that arrives on a kept-alive connection after the database closed fails.
 */
export function trackRequests(server: Server): RequestDrain {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let drained: (() => void) | undefined;
  server.prependListener("request", (request: IncomingMessage, response: ServerResponse) => {
    // The client's next request then opens a new connection, which reaches another instance.
    if (draining) response.setHeader("connection", "close");
    if (isEventStream(request)) return;
    inFlight.add(response);
    response.once("close", () => {
      inFlight.delete(response);
      if (inFlight.size === 0) drained?.();
    });
  });
  return {
    async drain(deadlineMs) {
      draining = true;
      for (const response of inFlight) if (!response.headersSent) response.setHeader("connection", "close");
      server.close();
      if (inFlight.size > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, deadlineMs).unref();
        });
      }
      server.closeIdleConnections();
    },
  };
}
