import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBridgeHttpHandler } from "./bridge-http-handler.ts";

const INTERNAL_TOKEN = "internal-token-never-forwarded";
const SERVER_TOKEN = "the-servers-own-access-token";

let upstreamUrl: string;
let bridgeUrl: string;
const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  upstreamUrl = `${await listen(
    createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        seen.push({ headers: request.headers, body });
        response.writeHead(200, {
          "Content-Type": "application/json",
          "Mcp-Session-Id": "upstream-session",
          "Set-Cookie": "x=1",
        });
        response.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: {} }));
      });
    }),
  )}/mcp`;
  const targets: Record<string, { url: string; headers: Record<string, string> }> = {
    http1: { url: upstreamUrl, headers: { Authorization: `Bearer ${SERVER_TOKEN}` } },
    down1: { url: "http://127.0.0.1:1/mcp", headers: {} },
  };
  const handler = createBridgeHttpHandler({
    internalToken: INTERNAL_TOKEN,
    resolveBridge: () => undefined,
    resolveHttpTarget: (connectorId) => targets[connectorId],
  });
  bridgeUrl = await listen(createServer((request, response) => void handler.handle(request, response)));
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function post(connectorId: string, token = INTERNAL_TOKEN): Promise<Response> {
  return fetch(`${bridgeUrl}/bridge/${connectorId}/mcp`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      "Mcp-Session-Id": "client-session",
      Cookie: "session=browser",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });
}

describe("the bridge endpoint in front of a local HTTP server", () => {
  it("forwards the MCP request with the server's own headers, never the runner's internal token", async () => {
    const response = await post("http1");

    expect(response.status).toBe(200);
    expect(response.headers.get("mcp-session-id")).toBe("upstream-session");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.json()).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
    const [request] = seen;
    expect(request?.body).toBe(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${SERVER_TOKEN}`,
      "mcp-session-id": "client-session",
      "content-type": "application/json",
    });
    expect(request?.headers.cookie).toBeUndefined();
    expect(JSON.stringify(request?.headers)).not.toContain(INTERNAL_TOKEN);
  });

  it("still requires the internal token", async () => {
    const before = seen.length;
    expect((await post("http1", "wrong")).status).toBe(401);
    expect(seen).toHaveLength(before);
  });

  it("answers 502 when the server does not listen", async () => {
    const response = await post("down1");
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { message: "The MCP server did not answer" } });
  });
});
