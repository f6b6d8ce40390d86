import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createBridgeHttpHandler, type HttpTarget, type StdioBridge } from "@switchboard/mcp-bridge";

const TOKEN = "bridge-endpoint-test-token";
const CALL_TIMEOUT_MS = 2_000;
const POLL_MS = 50;

export interface BridgeEndpoint {
  /** One `echo` call through the runner's bridge endpoint, as the gateway makes it (new session). */
  callEcho(connectorId: string, message: string): Promise<string>;
  /**
   * Milliseconds from `since` until an echo call succeeds through a bridge other than `staleBridge`
   * (the one attached to the server that went away), calling again every 50 ms until `timeoutMs`.
   */
  measureRecovery(
    connectorId: string,
    since: number,
    staleBridge: StdioBridge | undefined,
    timeoutMs?: number,
  ): Promise<number>;
  close(): Promise<void>;
}

/**
 * The runner's `/bridge/<id>/mcp` endpoint on 127.0.0.1, as main.ts serves it, over whatever
 * bridges `resolveBridge` finds at the time of each request (a test may replace the runner).
 */
export async function serveBridgeEndpoint(
  resolveBridge: (connectorId: string) => StdioBridge | undefined,
  resolveHttpTarget?: (connectorId: string) => HttpTarget | undefined,
): Promise<BridgeEndpoint> {
  const handler = createBridgeHttpHandler({ internalToken: TOKEN, resolveBridge, resolveHttpTarget });
  const server = createServer((request, response) => void handler.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function callEcho(connectorId: string, message: string): Promise<string> {
    const client = new Client({ name: "bridge-endpoint-test", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/bridge/${connectorId}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
    });
    try {
      await client.connect(transport, { timeout: CALL_TIMEOUT_MS });
      const result = await client.callTool({ name: "echo", arguments: { message } }, undefined, {
        timeout: CALL_TIMEOUT_MS,
      });
      const [content] = result.content as { type: string; text?: string }[];
      return content?.text ?? "";
    } finally {
      await client.close();
    }
  }

  return {
    callEcho,
    async measureRecovery(connectorId, since, staleBridge, timeoutMs = 15_000) {
      const deadline = since + timeoutMs;
      for (let attempt = 0; ; attempt++) {
        const bridge = resolveBridge(connectorId);
        if (bridge && bridge !== staleBridge) {
          const message = `recovered-${attempt}`;
          const answer = await callEcho(connectorId, message).catch(() => undefined);
          if (answer === `Echo: ${message}`) return Math.round(performance.now() - since);
        }
        if (performance.now() > deadline) throw new Error(`not callable within ${timeoutMs} ms`);
        await sleep(POLL_MS);
      }
    },
    async close() {
      await handler.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
