import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Agent, Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchangeJsonRpc } from "./json-rpc-over-http.ts";
import { createPooledPost } from "./upstream-http.ts";

const request = { jsonrpc: "2.0" as const, id: "sb-1", method: "tools/call", params: { name: "echo" } };
const answers = new Map<string, (request: IncomingMessage, response: ServerResponse) => void>();
let server: Server;
let origin: string;
const agent = new Agent();
const post = createPooledPost(agent);

function exchange(path: string) {
  return exchangeJsonRpc(post, new URL(path, origin), {}, request, AbortSignal.timeout(5_000), () => undefined);
}

/** An 'error' event nobody listens to ends the process; the test sees it here instead. */
function collectUncaught() {
  const uncaught: unknown[] = [];
  const listener = (error: unknown) => uncaught.push(error);
  process.on("uncaughtException", listener);
  return {
    uncaught,
    stop: () => process.off("uncaughtException", listener),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

beforeAll(async () => {
  server = createServer((req, res) => answers.get(req.url ?? "")!(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  answers.set("/session-gone", (_req, res) => {
    // As the runner's bridge answers: the whole body at once, so it has arrived before anyone reads it.
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "Session not found" }, id: null }));
  });
  answers.set("/reset-mid-stream", (_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write('event: message\ndata: {"jsonrpc":');
    setTimeout(() => res.socket?.destroy(), 10);
  });
  answers.set("/malformed-stream", (_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end("event: message\ndata: {not json\n\n");
  });
  answers.set("/malformed-json", (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{not json");
  });
  answers.set("/html", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html></html>");
  });
  answers.set("/ok", (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ jsonrpc: "2.0", id: "sb-1", result: { content: [] } }));
  });
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("pooled upstream replies that fail", () => {
  it("a 404 'Session not found' from the bridge rejects with its status and never emits an unhandled error (issue 19)", async () => {
    const watch = collectUncaught();
    try {
      await expect(exchange("/session-gone")).rejects.toBeInstanceOf(StreamableHTTPError);
      await expect(exchange("/session-gone")).rejects.toMatchObject({ code: 404 });
      await settle();
      expect(watch.uncaught).toEqual([]);
    } finally {
      watch.stop();
    }
    expect(await exchange("/ok")).toMatchObject({ id: "sb-1" });
  });

  it("a reset mid-stream, a malformed stream, malformed JSON and a wrong content type reject without an unhandled error", async () => {
    const watch = collectUncaught();
    try {
      await expect(exchange("/reset-mid-stream")).rejects.toThrow();
      await expect(exchange("/malformed-stream")).rejects.toThrow(SyntaxError);
      await expect(exchange("/malformed-json")).rejects.toThrow(SyntaxError);
      await expect(exchange("/html")).rejects.toThrow(/content type text\/html/);
      await settle();
      expect(watch.uncaught).toEqual([]);
    } finally {
      watch.stop();
    }
    expect(await exchange("/ok")).toMatchObject({ id: "sb-1" });
  });

  it("a large refusal is cut off, not read to its end, and the pool keeps working", async () => {
    let ended: "finished" | "cut off" | undefined;
    answers.set("/large-refusal", (_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.once("close", () => (ended ??= res.writableFinished ? "finished" : "cut off"));
      const chunk = Buffer.alloc(64 * 1024, "x");
      let sent = 0;
      const writeMore = () => {
        while (sent < 64) {
          sent += 1;
          if (!res.write(chunk)) return void res.once("drain", writeMore);
        }
        res.end();
      };
      writeMore();
    });
    await expect(exchange("/large-refusal")).rejects.toMatchObject({ code: 500 });
    await expect.poll(() => ended).toBe("cut off");
    expect(await exchange("/ok")).toMatchObject({ id: "sb-1" });
  });

  it("review (low): a reply larger than the limit is cut off with a clear error, not held in memory to its end", async () => {
    let ended: "finished" | "cut off" | undefined;
    answers.set("/huge-answer", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.once("close", () => (ended ??= res.writableFinished ? "finished" : "cut off"));
      res.write('{"jsonrpc":"2.0","id":"sb-1","result":{"content":[{"type":"text","text":"');
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const writeMore = () => {
        while (sent < 64) {
          sent += 1;
          if (!res.write(chunk)) return void res.once("drain", writeMore);
        }
        res.end('"}]}}');
      };
      writeMore();
    });
    const watch = collectUncaught();
    try {
      const limited = createPooledPost(agent, 256 * 1024);
      const call = exchangeJsonRpc(limited, new URL("/huge-answer", origin), {}, request, AbortSignal.timeout(5_000), () => undefined); // prettier-ignore
      await expect(call).rejects.toThrow("the upstream's reply is larger than 0.25 MiB");
      await expect.poll(() => ended).toBe("cut off");
      await settle();
      expect(watch.uncaught).toEqual([]);
    } finally {
      watch.stop();
    }
    expect(await exchange("/ok")).toMatchObject({ id: "sb-1" });
  });

  it("a call aborted while the upstream is still answering rejects with the abort reason and no unhandled error", async () => {
    answers.set("/never", (_req, res) => res.writeHead(200, { "content-type": "text/event-stream" }).flushHeaders());
    const watch = collectUncaught();
    try {
      const controller = new AbortController();
      const call = exchangeJsonRpc(post, new URL("/never", origin), {}, request, controller.signal, () => undefined);
      setTimeout(() => controller.abort(new Error("client went away")), 20);
      await expect(call).rejects.toThrow(/client went away/);
      await settle();
      expect(watch.uncaught).toEqual([]);
    } finally {
      watch.stop();
    }
  });
});

describe("review (medium): a call cancelled before its request reached a connection", () => {
  it("is never sent to the upstream, so a cancelled tool call cannot run after all, and costs no connection", async () => {
    const received: string[] = [];
    const held: ServerResponse[] = [];
    answers.set("/queued", (req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        received.push(body);
        if (body === "first") held.push(res);
        else res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    let connections = 0;
    const countConnection = () => (connections += 1);
    server.on("connection", countConnection);
    // One connection, busy with the first post: the second waits in the pool's queue.
    const pool = new Pool(origin, { connections: 1 });
    try {
      const queuedPost = createPooledPost(pool);
      const url = new URL("/queued", origin);
      const first = queuedPost(url, {}, "first", AbortSignal.timeout(5_000));
      await expect.poll(() => held.length).toBe(1);
      const controller = new AbortController();
      const second = queuedPost(url, {}, "cancelled", controller.signal);
      controller.abort(new Error("client cancelled"));
      await expect(second).rejects.toThrow(/client cancelled/);
      held[0]!.writeHead(200, { "content-type": "application/json" }).end("{}");
      await (await first).read(() => undefined);
      await settle();
      expect(received).toEqual(["first"]);
      // Review (medium): aborting it through undici's controller destroyed the pool's connection.
      const third = await queuedPost(url, {}, "third", AbortSignal.timeout(5_000));
      await third.read(() => undefined);
      expect(received).toEqual(["first", "third"]);
      expect(connections).toBe(1);
    } finally {
      await pool.close();
      server.off("connection", countConnection);
    }
  });
});
