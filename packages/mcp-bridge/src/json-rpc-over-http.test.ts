import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { JSONRPCNotification } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { exchangeJsonRpc } from "./json-rpc-over-http.ts";
import type { HttpPost } from "./upstream-http.ts";

function replying(status: number, contentType: string, chunks: string[]): HttpPost {
  return async () => ({
    status,
    contentType,
    read: async (onText) => chunks.forEach(onText),
    discard: () => undefined,
  });
}

const request = { jsonrpc: "2.0" as const, id: "sb-1", method: "tools/call", params: { name: "echo" } };

function exchange(post: HttpPost, onNotification: (notification: JSONRPCNotification) => void = () => undefined) {
  return exchangeJsonRpc(
    post,
    new URL("http://upstream/mcp"),
    {},
    request,
    new AbortController().signal,
    onNotification,
  );
}

describe("exchangeJsonRpc", () => {
  it("reads the response from an event stream and passes the notifications before it on", async () => {
    const notifications: JSONRPCNotification[] = [];
    const progress = {
      jsonrpc: "2.0",
      method: "notifications/progress",
      params: { progressToken: "sb-1", progress: 1 },
    };
    const response = { jsonrpc: "2.0", id: "sb-1", result: { content: [] } };
    const stream = `data: ${JSON.stringify(progress)}\n\nevent: message\ndata: ${JSON.stringify(response)}\n\n`;
    const post = replying(200, "text/event-stream", [stream.slice(0, 30), stream.slice(30)]);
    expect(await exchange(post, (notification) => notifications.push(notification))).toEqual(response);
    expect(notifications).toEqual([progress]);
  });

  it("passes a request the server sends its client on the stream to onRequest, apart from the notifications", async () => {
    const asked: unknown[] = [];
    const notifications: JSONRPCNotification[] = [];
    const sampling = { jsonrpc: "2.0", id: 0, method: "sampling/createMessage", params: { messages: [] } };
    const response = { jsonrpc: "2.0", id: "sb-1", result: { content: [] } };
    const stream = `data: ${JSON.stringify(sampling)}\n\ndata: ${JSON.stringify(response)}\n\n`;
    const answer = exchangeJsonRpc(
      replying(200, "text/event-stream", [stream]),
      new URL("http://upstream/mcp"),
      {},
      request,
      new AbortController().signal,
      (notification) => notifications.push(notification),
      (serverRequest) => asked.push(serverRequest),
    );
    expect(await answer).toEqual(response);
    expect(asked).toEqual([sampling]);
    expect(notifications).toEqual([]);
  });

  it("skips the empty priming event a resumable server sends first (seen: server-everything over HTTP)", async () => {
    const response = { jsonrpc: "2.0", id: "sb-1", result: { content: [] } };
    const stream = `id: 1\ndata: \n\nevent: message\nid: 2\ndata: ${JSON.stringify(response)}\n\n`;
    expect(await exchange(replying(200, "text/event-stream", [stream]))).toEqual(response);
  });

  it("reads the response from a JSON body, alone or in a batch", async () => {
    const response = { jsonrpc: "2.0", id: "sb-1", error: { code: -32602, message: "bad" } };
    expect(await exchange(replying(200, "application/json", [JSON.stringify(response)]))).toEqual(response);
    const batch = JSON.stringify([{ jsonrpc: "2.0", id: "other", result: {} }, response]);
    expect(await exchange(replying(200, "application/json; charset=utf-8", [batch]))).toEqual(response);
  });

  it("fails on an HTTP error status, a stream that ends unanswered, or another content type", async () => {
    const unauthorized = exchange(replying(401, "application/json", []));
    await expect(unauthorized).rejects.toBeInstanceOf(StreamableHTTPError);
    await expect(unauthorized).rejects.toMatchObject({ code: 401 });
    await expect(exchange(replying(200, "text/event-stream", [": nothing\n\n"]))).rejects.toThrow(/before answering/);
    await expect(exchange(replying(200, "text/html", []))).rejects.toThrow(/content type text\/html/);
  });
});
