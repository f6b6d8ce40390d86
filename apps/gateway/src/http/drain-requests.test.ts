import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { trackRequests } from "./drain-requests.ts";

const servers: Server[] = [];
const releases: (() => void)[] = [];

/** A server answering each request when the test releases it (GETs: an event stream left open). */
async function startServer() {
  const started = createServer((request, response) => {
    if (request.method === "GET") {
      response.writeHead(200, { "content-type": "text/event-stream" }).write(": open\n\n");
      return;
    }
    releases.push(() => response.end(`answered ${request.url}`));
  });
  const drain = trackRequests(started);
  await new Promise<void>((resolve) => started.listen(0, "127.0.0.1", resolve));
  servers.push(started);
  return { drain, port: (started.address() as AddressInfo).port };
}

function send(port: number, method: string, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: "127.0.0.1", port, method, path }, resolve);
    outgoing.once("error", reject);
    outgoing.end();
  });
}

async function bodyOf(response: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of response) body += String(chunk);
  return body;
}

/** Resolves once the server has seen `count` requests waiting for release. */
async function waitForWaiting(count: number) {
  while (releases.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
  releases.length = 0;
});

describe("trackRequests", () => {
  it("lets a call in flight finish, with Connection: close, before the drain resolves", async () => {
    const { drain, port } = await startServer();
    const answer = send(port, "POST", "/mcp");
    await waitForWaiting(1);
    let drained = false;
    const draining = drain.drain(5_000).then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drained).toBe(false);

    releases[0]!();
    const response = await answer;
    expect(await bodyOf(response)).toBe("answered /mcp");
    expect(response.headers.connection).toBe("close");
    await draining;
    expect(drained).toBe(true);
  });

  it("answers a request still arriving when the drain starts, with Connection: close", async () => {
    const { drain, port } = await startServer();
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    socket.write("POST /late HTTP/1.1\r\nHost: gateway\r\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const draining = drain.drain(5_000);
    socket.write("Content-Length: 0\r\n\r\n");
    await waitForWaiting(1);
    releases[0]!();
    await draining;
    await new Promise((resolve) => socket.once("close", resolve));
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received).toMatch(/\r\nConnection: close\r\n/i);
    expect(received).toMatch(/answered \/late$/);
  });

  it("refuses new connections once draining", async () => {
    const { drain, port } = await startServer();
    await drain.drain(5_000);
    await expect(send(port, "POST", "/mcp")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("does not wait for event streams, and gives up on calls at its deadline", async () => {
    const { drain, port } = await startServer();
    await send(port, "GET", "/mcp");
    await expect(drain.drain(5_000)).resolves.toBeUndefined();

    const { drain: second, port: secondPort } = await startServer();
    void send(secondPort, "POST", "/mcp").catch(() => undefined);
    await waitForWaiting(1);
    const startedAt = performance.now();
    await second.drain(200);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(190);
  });
});
