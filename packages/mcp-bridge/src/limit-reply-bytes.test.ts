import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitReplyBytes } from "./limit-reply-bytes.ts";

const KiB = 1024;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const event = (bytes: number) => `data: ${"x".repeat(bytes)}\n\n`;
    if (request.url === "/events") {
      // Twenty 1-KiB events: more than the limit together, each well within it.
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (let index = 0; index < 20; index++) response.write(event(KiB));
      return void response.end();
    }
    if (request.url === "/big-event") {
      response.writeHead(200, { "content-type": "text/event-stream" });
      return void response.end(event(1) + event(8 * KiB));
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ pad: "x".repeat(8 * KiB) }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("limitReplyBytes", () => {
  const limited = limitReplyBytes(fetch, 4 * KiB);

  it("fails a reply past the limit", async () => {
    const response = await limited(`${origin}/json`);
    await expect(response.text()).rejects.toThrow(/The server's reply is larger than/);
  });

  it("holds an event stream to the limit per event, however long the stream", async () => {
    expect(await (await limited(`${origin}/events`)).text()).toHaveLength(20 * (KiB + 8));
    await expect((await limited(`${origin}/big-event`)).text()).rejects.toThrow(/An event of the server's reply/);
  });
});
