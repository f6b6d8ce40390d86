import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPooledPost } from "@switchboard/mcp-bridge";
import { startV2StatelessServer } from "../testing/v2-stateless-server.ts";
import { UpstreamPool } from "./upstream-pool.ts";

let server: Server;
let url: URL;
const agent = new Agent();

beforeAll(async () => {
  // An upstream that takes the initialize and never answers, like a server still starting.
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("UpstreamPool.use", () => {
  it("a call whose time is up stops waiting for an upstream that does not finish connecting", async () => {
    const pool = new UpstreamPool(async () => ({ url, headers: {} }), createPooledPost(agent));
    const started = performance.now();
    const call = pool.use("installation", async () => "answered", AbortSignal.timeout(300));
    await expect(call).rejects.toMatchObject({ name: "TimeoutError" });
    expect(performance.now() - started).toBeLessThan(2_000);
    await pool.close();
  });
});

describe("UpstreamPool connect timeout", () => {
  it("gives up a connect that does not finish in time, so the next call tries afresh", async () => {
    let connects = 0;
    const pool = new UpstreamPool(
      async () => {
        connects += 1;
        return { url, headers: {} };
      },
      createPooledPost(agent),
      200,
    );
    await expect(pool.use("installation", async () => "answered")).rejects.toThrow(/within 200 ms/);
    await expect(pool.use("installation", async () => "answered")).rejects.toThrow(/within 200 ms/);
    expect(connects).toBe(2);
    await pool.close();
  });
});

describe("UpstreamPool.mayAskForInput", () => {
  it("is true until the upstream is connected, then only for one on the 2026-07-28 revision", async () => {
    const withSessions = await startV2StatelessServer();
    const modernOnly = await startV2StatelessServer({ legacy: "reject" });
    const urls: Record<string, string> = { session: withSessions.url, modern: modernOnly.url };
    const pool = new UpstreamPool(
      async (connectorId) => ({ url: new URL(`${urls[connectorId]}/mcp`), headers: {} }),
      createPooledPost(agent),
    );
    try {
      expect([pool.mayAskForInput("session"), pool.mayAskForInput("modern")]).toEqual([true, true]);
      await pool.use("session", async () => undefined);
      await pool.use("modern", async () => undefined);
      // The first accepted a 2025 initialize, so its session cannot ask; the second refused it.
      expect([pool.mayAskForInput("session"), pool.mayAskForInput("modern")]).toEqual([false, true]);
    } finally {
      await pool.close();
      await withSessions.close();
      await modernOnly.close();
    }
  });
});
