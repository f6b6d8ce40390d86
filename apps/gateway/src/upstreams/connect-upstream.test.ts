import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { DEFAULT_MAX_REPLY_BYTES, type HttpPost } from "@switchboard/mcp-bridge";
import { afterEach, describe, expect, it } from "vitest";
import { connectUpstream } from "./connect-upstream.ts";

const MiB = 1024 * 1024;
let server: Server | undefined;

afterEach(() => {
  server?.closeAllConnections();
  return new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

const unusedPost: HttpPost = () => Promise.reject(new Error("calls go through the pooled post, not used here"));

describe("connectUpstream", () => {
  it("finding (medium): an upstream's endless answer to initialize is cut off at the reply limit, not kept whole", async () => {
    let written = 0;
    server = createServer((request, response) => {
      if (request.method !== "POST") return void response.writeHead(405).end();
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"jsonrpc":"2.0","id":0,"result":{"pad":"');
      const chunk = "x".repeat(256 * 1024);
      const pump = () => {
        while (written < 2 * DEFAULT_MAX_REPLY_BYTES && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
      };
      pump();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);

    const connecting = connectUpstream(
      { url, headers: {} },
      () => new Client({ name: "test", version: "1.0.0" }),
      unusedPost,
      () => undefined,
    );

    await expect(connecting).rejects.toThrow(/larger than 32 MiB/);
    expect(written).toBeLessThan(DEFAULT_MAX_REPLY_BYTES + 16 * MiB);
  }, 15_000);
});
