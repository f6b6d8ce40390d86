import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { InMemoryTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CreateMessageResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { listen } from "./harness.ts";

/**
 * A remote MCP server on the 1.x SDK with sessions and the 2025-11-25 (experimental) tasks:
 * `capabilities.tasks` and `report`, a tool that runs only as a task (`taskSupport: "required"`)
 * and completes after `seconds` (with a resource link to `link`, if given), kept in the SDK's in-memory task store; and `summarize`, which
 * asks its caller for sampling.
 */
export async function startV1TasksServer() {
  const taskStore = new InMemoryTaskStore();
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const seen: { method: string | undefined; params: Record<string, unknown> | undefined }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  /** The ids of the tasks it created, in order. */
  const created: string[] = [];

  function createMcpServer(): McpServer {
    const server = new McpServer(
      { name: "v1-tasks", version: "1.0.0" },
      {
        capabilities: { tools: {}, tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } },
        taskStore,
      },
    );
    server.experimental.tasks.registerToolTask(
      "report",
      {
        description: "Writes a report as a task",
        inputSchema: { seconds: z.number(), link: z.string().optional() },
        execution: { taskSupport: "required" },
      },
      {
        createTask: async ({ seconds, link }, extra) => {
          const task = await extra.taskStore.createTask({ ttl: 60_000, pollInterval: 100 });
          created.push(task.taskId);
          const timer = setTimeout(() => {
            timers.delete(timer);
            const text = { type: "text" as const, text: `v1 report after ${seconds}s` };
            const linked = link ? [{ type: "resource_link" as const, uri: link, name: "report" }] : [];
            const result = { content: [text, ...linked] };
            void extra.taskStore.storeTaskResult(task.taskId, "completed", result).catch(() => undefined);
          }, seconds * 1000);
          timers.add(timer);
          return { task };
        },
        getTask: (_args, extra) => extra.taskStore.getTask(extra.taskId),
        getTaskResult: async (_args, extra) => (await extra.taskStore.getTaskResult(extra.taskId)) as { content: [] },
      },
    );
    // Asks its caller for a completion mid-call, on the call's own stream, as server-everything's
    // trigger-sampling-request does (the 1.x SDK sends it whatever the client declared).
    server.registerTool("summarize", { description: "Asks the client's model for a summary" }, async (extra) => {
      try {
        const sampled = await extra.sendRequest(
          { method: "sampling/createMessage", params: { messages: [], maxTokens: 10 } },
          CreateMessageResultSchema,
        );
        return { content: [{ type: "text", text: JSON.stringify(sampled.content) }] };
      } catch (error) {
        return { isError: true, content: [{ type: "text", text: `no summary: ${String(error)}` }] };
      }
    });
    return server;
  }

  const http = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as unknown) : undefined;
      const message = body as { method?: string; params?: Record<string, unknown> } | undefined;
      if (message?.method) seen.push({ method: message.method, params: message.params });
      const sessionId = request.headers["mcp-session-id"];
      let transport = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
      if (!transport && sessionId === undefined) {
        const opened: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => void sessions.set(id, opened),
        });
        await createMcpServer().connect(opened);
        transport = opened;
      }
      if (!transport) return void response.writeHead(404).end();
      await transport.handleRequest(request, response, body);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const url = await listen(http);
  return {
    url,
    seen,
    created,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      taskStore.cleanup();
      await Promise.all([...sessions.values()].map((transport) => transport.close()));
      http.closeAllConnections();
      http.close();
    },
  };
}
