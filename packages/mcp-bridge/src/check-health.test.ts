import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { checkHttpHealth } from "./check-health.ts";
import { MAX_RECORDED_INSTRUCTIONS } from "./recorded-instructions.ts";

const MiB = 1024 * 1024;
const servers: Server[] = [];

/** A Streamable HTTP server written out by hand, so it can answer as no SDK server would. */
async function serveMcp(
  answer: (method: string, id: unknown, response: ServerResponse) => void,
  instructions?: string,
): Promise<string> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== "POST") return void response.writeHead(405).end();
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const message = JSON.parse(Buffer.concat(chunks).toString()) as { method: string; id?: unknown };
      if (message.id === undefined) return void response.writeHead(202).end();
      if (message.method === "initialize") {
        return sendResult(response, message.id, {
          protocolVersion: "2025-06-18",
          capabilities: { tools: {} },
          serverInfo: { name: "hostile", version: "1.0.0" },
          ...(instructions !== undefined ? { instructions } : {}),
        });
      }
      answer(message.method, message.id, response);
    });
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

function sendResult(response: ServerResponse, id: unknown, result: unknown) {
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id, result }));
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("checkHttpHealth", () => {
  it("finding (medium): a reply without end is cut off at the limit, not kept whole", async () => {
    let written = 0;
    const url = await serveMcp((_method, id, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"tools":[],"pad":"`);
      const chunk = "x".repeat(64 * 1024);
      const pump = () => {
        while (written < 64 * MiB && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
      };
      pump();
    });

    await expect(checkHttpHealth(url, { timeoutMs: 3_000, maxReplyBytes: MiB })).rejects.toThrow(/larger than 1 MiB/);
    expect(written).toBeLessThan(16 * MiB);
  });

  it("keeps a server's instructions, at most MAX_RECORDED_INSTRUCTIONS characters of them", async () => {
    const noTools = (_method: string, id: unknown, response: ServerResponse) => sendResult(response, id, { tools: [] });
    const short = await checkHttpHealth(await serveMcp(noTools, "Use search first."), { timeoutMs: 3_000 });
    expect(short.instructions).toBe("Use search first.");
    const long = await checkHttpHealth(await serveMcp(noTools, "i".repeat(MiB)), { timeoutMs: 3_000 });
    expect(long.instructions).toBe("i".repeat(MAX_RECORDED_INSTRUCTIONS));
  });

  it("finding (medium): a tool list paged without end is refused at the limit", async () => {
    let pages = 0;
    const url = await serveMcp((_method, id, response) => {
      pages += 1;
      const tools = Array.from({ length: 64 }, (_, index) => ({
        name: `tool_${pages}_${index}`,
        description: "d".repeat(4096),
        inputSchema: { type: "object" },
      }));
      sendResult(response, id, { tools, nextCursor: String(pages) });
    });

    await expect(checkHttpHealth(url, { timeoutMs: 3_000, maxReplyBytes: MiB })).rejects.toThrow(/larger than 1 MiB/);
    expect(pages).toBeLessThan(8);
  });
});
