import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * oidc-provider is a Node (Koa) application and App Router handlers only see web Requests, so the
 * provider listens on a loopback port of the web process and route handlers forward to it. One
 * extra local hop per authorization-server request; the gateway's hot path never comes here.
 */
export async function startLoopbackServer(handler: NodeHandler, onError: (error: unknown) => void): Promise<string> {
  const server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      onError(error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "server_error" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "content-length", "host", "upgrade"];

/**
 * The client's address as the route handler resolved it (rate limits count per address). Always
 * set by `forwardToLoopback`, so a value sent by the client itself never survives the hop.
 */
export const CLIENT_ADDRESS_HEADER = "x-switchboard-client-address";

/** Replays a web Request on the loopback server, returning its answer as is (redirects included). */
export async function forwardToLoopback(origin: string, request: Request, clientAddress: string): Promise<Response> {
  const url = new URL(request.url);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const headers = withoutHopByHop(request.headers);
  headers.set(CLIENT_ADDRESS_HEADER, clientAddress);
  const answer = await fetch(`${origin}${url.pathname}${url.search}`, {
    method: request.method,
    headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    redirect: "manual",
  });
  return new Response(answer.body, { status: answer.status, headers: withoutHopByHop(answer.headers) });
}

function withoutHopByHop(headers: Headers): Headers {
  const copy = new Headers(headers);
  for (const name of HOP_BY_HOP) copy.delete(name);
  return copy;
}
