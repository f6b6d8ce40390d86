import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CreateMessageResultSchema,
  EmptyResultSchema,
  ResourceUpdatedNotificationSchema,
  SubscribeRequestSchema,
  ToolListChangedNotificationSchema,
  UnsubscribeRequestSchema,
  isJSONRPCRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { JSONRPCMessage, Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { StdioBridge } from "./stdio-bridge.ts";

interface Fixture {
  server: McpServer;
  bridge: StdioBridge;
  /** Every message the bridge sent to the server. */
  upstreamTraffic: JSONRPCMessage[];
  cancelledCalls: string[];
  connectClient(name: string): Promise<Client>;
}

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function createFixture(): Promise<Fixture> {
  const server = new McpServer(
    { name: "fake-stdio-server", version: "1.2.3" },
    { capabilities: { tools: { listChanged: true }, resources: { subscribe: true } } },
  );
  server.server.setRequestHandler(SubscribeRequestSchema, async () => ({}));
  server.server.setRequestHandler(UnsubscribeRequestSchema, async () => ({}));
  const cancelledCalls: string[] = [];
  server.registerTool("echo", { inputSchema: { message: z.string() } }, async ({ message }, extra) => {
    const progressToken = extra._meta?.progressToken;
    if (progressToken !== undefined) {
      await extra.sendNotification({
        method: "notifications/progress",
        params: { progressToken, progress: 1, total: 1, message },
      });
    }
    // Yield so concurrent calls interleave and their responses come back out of order.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    return { content: [{ type: "text", text: `Echo: ${message}` }] };
  });
  server.registerTool("wait-for-cancel", { inputSchema: { tag: z.string() } }, async ({ tag }, extra) => {
    await new Promise((resolve) => extra.signal.addEventListener("abort", resolve));
    cancelledCalls.push(tag);
    return { content: [] };
  });

  const [bridgeSide, serverSide] = InMemoryTransport.createLinkedPair();
  const upstreamTraffic: JSONRPCMessage[] = [];
  const send = bridgeSide.send.bind(bridgeSide);
  bridgeSide.send = (message, options) => {
    upstreamTraffic.push(message);
    return send(message, options);
  };
  await server.connect(serverSide);
  const bridge = new StdioBridge(bridgeSide);
  await bridge.start();
  closers.push(() => bridge.close());

  return {
    server,
    bridge,
    upstreamTraffic,
    cancelledCalls,
    async connectClient(name) {
      const client = new Client({ name, version: "1.0.0" });
      await client.connect(await bridge.openSession());
      closers.push(() => client.close());
      return client;
    },
  };
}

function getTextContent(result: Awaited<ReturnType<Client["callTool"]>>): string {
  const [first] = result.content as { type: string; text?: string }[];
  return first?.text ?? "";
}

function waitUntil(condition: () => boolean): Promise<void> {
  return expect.poll(condition, { timeout: 2_000, interval: 5 }).toBe(true);
}

describe("StdioBridge", () => {
  it("initializes the server once and answers every session from the cached result", async () => {
    const { upstreamTraffic, connectClient } = await createFixture();
    const clients = await Promise.all(["a", "b", "c"].map(connectClient));

    for (const client of clients)
      expect(client.getServerVersion()).toEqual({ name: "fake-stdio-server", version: "1.2.3" });
    const initializations = upstreamTraffic.filter((message) => "method" in message && message.method === "initialize");
    expect(initializations).toHaveLength(1);
    const initialized = upstreamTraffic.filter(
      (message) => "method" in message && message.method === "notifications/initialized",
    );
    expect(initialized).toHaveLength(1);
  });

  it("maps concurrent responses back to the session and request that asked, with unique upstream ids", async () => {
    const { upstreamTraffic, connectClient } = await createFixture();
    const clients = await Promise.all(["a", "b", "c", "d"].map(connectClient));

    const calls = clients.flatMap((client, clientIndex) =>
      Array.from({ length: 25 }, async (_, callIndex) => {
        const message = `client-${clientIndex}-call-${callIndex}`;
        const result = await client.callTool({ name: "echo", arguments: { message } });
        return { message, text: getTextContent(result) };
      }),
    );
    const results = await Promise.all(calls);

    expect(results).toHaveLength(100);
    for (const { message, text } of results) expect(text).toBe(`Echo: ${message}`);
    // Each client numbers its requests from 0, so the same ids arrive from every session...
    const upstreamIds = upstreamTraffic.filter(isJSONRPCRequest).map((request) => request.id);
    // ...and the server must still see every id exactly once.
    expect(new Set(upstreamIds).size).toBe(upstreamIds.length);
  });

  it("routes progress notifications only to the session whose request carries the token", async () => {
    const { connectClient } = await createFixture();
    const [first, second] = await Promise.all([connectClient("a"), connectClient("b")]);
    const progressOf = { first: [] as Progress[], second: [] as Progress[] };

    await Promise.all([
      first!.callTool({ name: "echo", arguments: { message: "one" } }, undefined, {
        onprogress: (p) => progressOf.first.push(p),
      }),
      second!.callTool({ name: "echo", arguments: { message: "two" } }, undefined, {
        onprogress: (p) => progressOf.second.push(p),
      }),
    ]);

    expect(progressOf.first).toEqual([{ progress: 1, total: 1, message: "one" }]);
    expect(progressOf.second).toEqual([{ progress: 1, total: 1, message: "two" }]);
  });

  it("forwards a session's cancellation with the rewritten request id", async () => {
    const { upstreamTraffic, cancelledCalls, connectClient } = await createFixture();
    const [first, second] = await Promise.all([connectClient("a"), connectClient("b")]);
    const abort = new AbortController();
    const cancelled = first!.callTool({ name: "wait-for-cancel", arguments: { tag: "first" } }, undefined, {
      signal: abort.signal,
    });
    const stillRunning = second!.callTool({ name: "wait-for-cancel", arguments: { tag: "second" } });
    await waitUntil(() => upstreamTraffic.filter((m) => isJSONRPCRequest(m) && m.method === "tools/call").length === 2);

    abort.abort("user gave up");
    await expect(cancelled).rejects.toThrow();
    await waitUntil(() => cancelledCalls.length === 1);

    expect(cancelledCalls).toEqual(["first"]);
    const upstreamCall = upstreamTraffic.find(
      (m) =>
        isJSONRPCRequest(m) && m.method === "tools/call" && (m.params?.arguments as { tag: string }).tag === "first",
    );
    const cancellation = upstreamTraffic.find((m) => "method" in m && m.method === "notifications/cancelled");
    expect(cancellation).toMatchObject({ params: { requestId: (upstreamCall as { id: number }).id } });
    void stillRunning.catch(() => undefined);
  });

  it("cancels a closed session's in-flight requests upstream", async () => {
    const { bridge, cancelledCalls, upstreamTraffic, connectClient } = await createFixture();
    const client = await connectClient("a");
    void client.callTool({ name: "wait-for-cancel", arguments: { tag: "orphan" } }).catch(() => undefined);
    await waitUntil(() => upstreamTraffic.some((m) => isJSONRPCRequest(m) && m.method === "tools/call"));

    await client.close();

    await waitUntil(() => cancelledCalls.length === 1);
    expect(bridge.sessionCount).toBe(0);
  });

  it("broadcasts list_changed notifications to every initialized session only", async () => {
    const { bridge, server, connectClient } = await createFixture();
    const clients = await Promise.all(["a", "b"].map(connectClient));
    let notified = 0;
    for (const client of clients)
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => void notified++);
    const [uninitialized, bridgeSide] = InMemoryTransport.createLinkedPair();
    const receivedByUninitialized: JSONRPCMessage[] = [];
    uninitialized.onmessage = (message) => receivedByUninitialized.push(message);
    await uninitialized.start();
    await bridge.attachSession(bridgeSide);

    server.registerTool("late-tool", {}, async () => ({ content: [] }));

    await waitUntil(() => notified === 2);
    expect(receivedByUninitialized).toEqual([]);
  });

  it("shares one server subscription per resource and sends its updates to the subscribed sessions only", async () => {
    const { server, upstreamTraffic, connectClient } = await createFixture();
    const [first, second, bystander] = await Promise.all(["a", "b", "c"].map(connectClient));
    const updates = new Map<Client, string[]>();
    for (const client of [first!, second!, bystander!]) {
      updates.set(client, []);
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
        updates.get(client)!.push(notification.params.uri);
      });
    }
    const subscriptionTraffic = () =>
      upstreamTraffic
        .filter(isJSONRPCRequest)
        .map((request) => request.method)
        .filter((method) => method.startsWith("resources/"));

    await first!.subscribeResource({ uri: "memo://x" });
    await second!.subscribeResource({ uri: "memo://x" });
    await server.server.sendResourceUpdated({ uri: "memo://x" });
    await waitUntil(() => updates.get(first!)!.length === 1 && updates.get(second!)!.length === 1);
    await first!.unsubscribeResource({ uri: "memo://x" });
    expect(subscriptionTraffic()).toEqual(["resources/subscribe"]);

    // The last holder goes away: the server's subscription ends with it.
    await second!.close();
    await waitUntil(() => subscriptionTraffic().length === 2);
    expect(subscriptionTraffic()).toEqual(["resources/subscribe", "resources/unsubscribe"]);
    expect(updates.get(bystander!)).toEqual([]);
  });

  it("answers the server's ping itself and refuses requests it cannot route to one session", async () => {
    const { server, connectClient } = await createFixture();
    await connectClient("a");

    await expect(server.server.request({ method: "ping" }, EmptyResultSchema)).resolves.toEqual({});
    await expect(
      server.server.request(
        { method: "sampling/createMessage", params: { messages: [], maxTokens: 1 } },
        CreateMessageResultSchema,
      ),
    ).rejects.toThrow(/not available through a shared connection/);
  });

  it("gives up initializing a server that never answers", async () => {
    const [bridgeSide, silentSide] = InMemoryTransport.createLinkedPair();
    await silentSide.start();
    const bridge = new StdioBridge(bridgeSide, undefined, 50);

    await expect(bridge.start()).rejects.toThrow(/did not answer initialize within 50 ms/);
    const session = new Client({ name: "late", version: "1.0.0" });
    await expect(session.connect(await bridge.openSession())).rejects.toThrow(/failed to initialize/);
  });

  it("says a wait of seconds in seconds, as a connector's status shows it", async () => {
    vi.useFakeTimers();
    try {
      const [bridgeSide, silentSide] = InMemoryTransport.createLinkedPair();
      await silentSide.start();
      const starting = new StdioBridge(bridgeSide, undefined, 30_000).start();
      const refused = expect(starting).rejects.toThrow(/did not answer initialize within 30 s$/);
      await vi.advanceTimersByTimeAsync(30_000);
      await refused;
    } finally {
      vi.useRealTimers();
    }
  });

  it("fails in-flight requests and closes sessions when the server goes away", async () => {
    const { bridge, server, upstreamTraffic, connectClient } = await createFixture();
    const client = await connectClient("a");
    const pending = client.callTool({ name: "wait-for-cancel", arguments: { tag: "x" } });
    await waitUntil(() => upstreamTraffic.some((m) => isJSONRPCRequest(m) && m.method === "tools/call"));

    await server.close();

    await expect(pending).rejects.toThrow(/closed/i);
    await waitUntil(() => bridge.sessionCount === 0);
    await expect(bridge.attachSession(InMemoryTransport.createLinkedPair()[0] as Transport)).rejects.toThrow(/closed/);
  });
});
