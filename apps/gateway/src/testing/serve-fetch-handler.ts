import type { IncomingMessage, ServerResponse } from "node:http";
import { sendWebResponse } from "../http/web-exchange.ts";

/** A JSON-RPC message a test upstream received, for the test to assert what reached it. */
export interface ReceivedMessage {
  method?: string;
  params?: Record<string, unknown>;
}

/**
 * A Node request listener in front of a v2 SDK fetch handler (`createMcpHandler`), as the test
 * upstreams serve: the body is read whole, shown to `onRequest` (with its JSON-RPC message, if
 * any), and passed on with the headers.
 */
export function serveFetchHandler(
  handler: { fetch(request: Request): Promise<Response> },
  onRequest: (request: IncomingMessage, message: ReceivedMessage | undefined) => void,
): (request: IncomingMessage, response: ServerResponse) => void {
  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    onRequest(request, body.length ? (JSON.parse(body.toString()) as ReceivedMessage) : undefined);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const reply = await handler.fetch(
      new Request(new URL(request.url ?? "/", "http://127.0.0.1"), {
        method: request.method ?? "GET",
        headers,
        ...(body.length ? { body } : {}),
      }),
    );
    await sendWebResponse(response, reply);
  }
  return (request, response) => void handle(request, response);
}
