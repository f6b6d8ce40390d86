import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { trackRequests } from "./drain-requests.ts";

const servers: Server[] = [];
const releases: (() => void)[] = [];
let handled: string[] = [];

/**
 * A server answering each POST when the test releases it. A GET is an event stream and
 * `POST /streaming` a call answered on one: their headers go out at once and the release ends them.
 */
async function startServer() {
  const started = createServer((request, response) => {
    handled.push(`${request.method} ${request.url}`);
    if (request.method === "GET" || request.url === "/streaming") {
      response.writeHead(200, { "content-type": "text/event-stream" }).write(": open\n\n");
      releases.push(() => response.end());
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

/** `promise`'s value, or a failure naming `what` if it takes longer than `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms)),
  ]);
}

/** A raw keep-alive connection, what it received, and when the server ended it. */
async function openConnection(port: number) {
  const socket = connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  const connection = { socket, received: "", ended: new Promise((resolve) => socket.once("end", resolve)) };
  socket.on("data", (chunk: Buffer) => (connection.received += chunk.toString()));
  return connection;
}

const SHUTTING_DOWN = {
  jsonrpc: "2.0",
  id: null,
  error: { code: -32000, message: "the gateway is shutting down; send the request again" },
};

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
  releases.length = 0;
  handled = [];
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

  it("answers a request arriving mid-drain at once with 503 and Connection: close, never running it", async () => {
    const { drain, port } = await startServer();
    void send(port, "POST", "/in-flight").catch(() => undefined);
    await waitForWaiting(1);
    // Half a request: the connection is busy, so the drain does not close it as idle.
    const late = await openConnection(port);
    late.socket.write("POST /late HTTP/1.1\r\nHost: gateway\r\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const draining = drain.drain(5_000);
    late.socket.write("Content-Length: 0\r\n\r\n");

    await within(1_000, "the late request's answer", late.ended);
    const [head] = late.received.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(head).toMatch(/\r\nConnection: close\r\n/i);
    expect(head).toMatch(/\r\nRetry-After: 1(\r\n|$)/i);
    expect(head).toMatch(/\r\nContent-Type: application\/json(\r\n|$)/i);
    expect(JSON.parse(/\{.*\}/.exec(late.received)![0])).toEqual(SHUTTING_DOWN);
    expect(handled).toEqual(["POST /in-flight"]);

    releases[0]!();
    await draining;
  });

  it("refuses new connections once draining", async () => {
    const { drain, port } = await startServer();
    await drain.drain(5_000);
    await expect(send(port, "POST", "/mcp")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("does not wait for event streams", async () => {
    const { drain, port } = await startServer();
    await send(port, "GET", "/mcp");
    const startedAt = performance.now();
    await drain.drain(5_000);
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });

  it("answers a call still running at its deadline with 503 (it may have run), not a hang-up", async () => {
    const { drain, port } = await startServer();
    const answer = send(port, "POST", "/mcp");
    await waitForWaiting(1);
    const startedAt = performance.now();
    await drain.drain(200);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(190);
    // The handler finishing right after (sessions closing end it) changes nothing and throws nothing.
    releases[0]!();

    const response = await within(1_000, "the cut-off call's answer", answer);
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({
      connection: "close",
      "retry-after": "1",
      "content-type": "application/json",
    });
    expect(JSON.parse(await bodyOf(response))).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32000, message: "the gateway stopped before the call finished; it may have run" },
    });
  });

  it("ends a call whose event stream began when its deadline comes", async () => {
    const { drain, port } = await startServer();
    const response = await send(port, "POST", "/streaming");
    await drain.drain(100);
    expect(response.statusCode).toBe(200);
    expect(await within(1_000, "the end of the call's event stream", bodyOf(response))).toBe(": open\n\n");
  });

  it("closes a kept-alive connection once its response ends during the drain, so it takes no further request", async () => {
    const { drain, port } = await startServer();
    const stream = await openConnection(port);
    stream.socket.write("GET /mcp HTTP/1.1\r\nHost: gateway\r\n\r\n");
    const call = await openConnection(port);
    call.socket.write("POST /streaming HTTP/1.1\r\nHost: gateway\r\nContent-Length: 0\r\n\r\n");
    await waitForWaiting(2);
    const draining = drain.drain(5_000);
    releases[1]!(); // the call, whose headers went out before the drain, finishes
    await draining;
    releases[0]!(); // closing the sessions ends the event stream

    // Closed by the gateway: a proxy cannot send another request on them to a closing gateway.
    await within(1_000, "the call's connection closing", call.ended);
    await within(1_000, "the event stream's connection closing", stream.ended);
  });
});
