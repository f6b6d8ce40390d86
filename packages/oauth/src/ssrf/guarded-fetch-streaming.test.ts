import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHttpServer, type LocalHttpServer } from "../../test/local-http-server.ts";
import { OAuthError } from "../errors.ts";
import { createGuardedFetch, type GuardedFetchPolicy } from "./guarded-fetch.ts";

// Finding: a bundle download was held about three times in memory (the guard's chunks, their
// concatenation, the Response's copy). With streamBody the guard hands the body over as it
// arrives, still counting it against maxResponseBytes.
const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 1);
let server: LocalHttpServer;
let releaseSlow: () => void = () => {};
/** What the /huge route managed to send before the client hung up, and whether it did. */
const huge = { written: 0, closed: false };
let lastSocket: Socket | undefined;

beforeAll(async () => {
  server = await startLocalHttpServer((req, res) => {
    lastSocket = req.socket;
    switch (req.url) {
      case "/slow":
        res.writeHead(200);
        res.write("first ");
        releaseSlow = () => res.end("last");
        return;
      case "/huge":
        return sendHuge(res);
      case "/declared":
        res.writeHead(200, { "content-length": String(2 * MiB) });
        return void res.write("1");
      case "/stall":
        res.writeHead(200);
        return void res.write("1");
      case "/silent":
        return;
      case "/redirect":
        return void res.writeHead(302, { location: "/bytes" }).end("moved");
      case "/no-content":
        return void res.writeHead(204).end();
      default:
        return void res.end("0123456789");
    }
  });
});
afterAll(() => server.close());

/** 64 MiB, written only as fast as the client reads, until the client hangs up. */
function sendHuge(res: ServerResponse) {
  huge.written = 0;
  huge.closed = false;
  res.once("close", () => (huge.closed = true));
  // A client hanging up mid-body resets the connection: that is what these tests want.
  res.on("error", () => {});
  res.writeHead(200);
  const pump = () => {
    while (!huge.closed && huge.written < 64 * MiB) {
      huge.written += CHUNK.length;
      if (!res.write(CHUNK)) return void res.once("drain", pump);
    }
    if (!huge.closed) res.end();
  };
  pump();
}

function streamingFetch(policy: GuardedFetchPolicy = {}) {
  return createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"], streamBody: true, ...policy }); // prettier-ignore
}

async function closedWithin(socket: Socket | undefined, ms: number): Promise<boolean> {
  if (!socket || socket.closed) return true;
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms));
  // Not events.once: a client hanging up mid-body resets the socket, and once() rejects on "error".
  return Promise.race([new Promise<boolean>((resolve) => socket.once("close", () => resolve(true))), timeout]);
}

describe("createGuardedFetch with streamBody", () => {
  it("hands the body over as it arrives, before the server has sent all of it", async () => {
    const response = await streamingFetch()(`${server.url}/slow`);
    const reader = response.body!.getReader();
    expect(Buffer.from((await reader.read()).value!).toString()).toBe("first ");
    releaseSlow();
    const rest: string[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) rest.push(Buffer.from(read.value).toString()); // prettier-ignore
    expect(rest.join("")).toBe("last");
    expect(await closedWithin(lastSocket, 1_000)).toBe(true);
  });

  it("refuses a body over maxResponseBytes while streaming and hangs up long before its end", async () => {
    const response = await streamingFetch({ maxResponseBytes: MiB })(`${server.url}/huge`);
    let read = 0;
    const error = await (async () => {
      for await (const chunk of response.body!) read += (chunk as Uint8Array).byteLength;
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: "response_too_large", message: `The response from 127.0.0.1 exceeded the ${MiB}-byte limit.` }); // prettier-ignore
    expect(read).toBeLessThanOrEqual(MiB);
    for (let wait = 0; !huge.closed && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(huge.closed).toBe(true);
    // What the server wrote: the limit plus what the sockets' buffers held, not the 64 MiB.
    expect(huge.written).toBeLessThan(16 * MiB);
  });

  it("refuses a declared Content-Length over the limit before handing a body over", async () => {
    await expect(streamingFetch({ maxResponseBytes: MiB })(`${server.url}/declared`)).rejects.toMatchObject({
      code: "response_too_large",
    });
    expect(await closedWithin(lastSocket, 1_000)).toBe(true);
  });

  it("reports a body that stops arriving as a retryable timeout", async () => {
    const response = await streamingFetch({ timeoutMs: 300 })(`${server.url}/stall`);
    await expect(response.arrayBuffer()).rejects.toMatchObject({ code: "timeout", retryable: true });
    expect(await closedWithin(lastSocket, 1_000)).toBe(true);
  });

  it("finding: a body that stops arriving fails after stallTimeoutMs, long before the whole-request timeout", async () => {
    const started = Date.now();
    const response = await streamingFetch({ timeoutMs: 20_000, stallTimeoutMs: 300 })(`${server.url}/stall`);
    await expect(response.arrayBuffer()).rejects.toMatchObject({
      code: "timeout",
      retryable: true,
      message: "127.0.0.1 stopped sending: nothing arrived for 0.3 s.",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await closedWithin(lastSocket, 1_000)).toBe(true);
  });

  it("review (low): a host that accepts the request and never answers fails after stallTimeoutMs too", async () => {
    const started = Date.now();
    await expect(
      streamingFetch({ timeoutMs: 20_000, stallTimeoutMs: 300 })(`${server.url}/silent`),
    ).rejects.toMatchObject({
      code: "timeout",
      retryable: true,
      message: "127.0.0.1 stopped sending: nothing arrived for 0.3 s.",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("closes the connection when the reader cancels the body", async () => {
    const response = await streamingFetch()(`${server.url}/huge`);
    await response.body!.cancel();
    expect(await closedWithin(lastSocket, 1_000)).toBe(true);
  });

  it("follows redirects, closing each hop's connection, and returns bodiless statuses without a body", async () => {
    const response = await streamingFetch()(`${server.url}/redirect`);
    const hop = lastSocket;
    expect(await response.text()).toBe("0123456789");
    expect(await closedWithin(hop, 1_000)).toBe(true);
    expect((await streamingFetch()(`${server.url}/no-content`)).body).toBeNull();
  });
});
