import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

export const echoTool = {
  name: "echo",
  description: "Echoes its message",
  inputSchema: { type: "object", properties: { message: { type: "string" } } },
};

/** Reports progress `steps` times, or with `wait` runs until it is cancelled. */
export const slowTool = {
  name: "slow",
  description: "Takes its time",
  inputSchema: { type: "object", properties: { steps: { type: "number" }, wait: { type: "boolean" } } },
};

/**
 * Answers in the `shape` asked for: "structured" (text and structured content), "rich" (annotated
 * text, an image, and in `_meta` how many `shaped` calls this server has answered).
 */
export const shapedTool = {
  name: "shaped",
  description: "Answers in the shape asked for",
  inputSchema: { type: "object", properties: { shape: { type: "string" } } },
};

/**
 * An in-process MCP server labelled after its connector, so tests see which one answered:
 * `echo` answers `<label>:<message>`; a prompt, a resource and a resource template, each
 * completable; logging and resource subscriptions (and the `_meta` its tool calls came with). The returned handles let a test make it send
 * notifications and see what reached it.
 */
export function createEchoServer(label: string) {
  const server = new McpServer({ name: `echo-${label}`, version: "1.0.0" });
  server.server.registerCapabilities({ logging: {}, resources: { subscribe: true } });
  const subscribed = new Set<string>();
  const waiting = { started: 0, cancelled: 0 };
  /** The request `_meta` of every `echo` and `slow` call, `greet` prompt and `readme` read, in order. */
  const metas: Record<string, unknown>[] = [];
  let shapedCalls = 0;

  server.registerTool(
    "echo",
    { description: echoTool.description, inputSchema: { message: z.string() } },
    async ({ message }, extra) => {
      metas.push({ ...extra._meta });
      return { content: [{ type: "text", text: `${label}:${message}` }] };
    },
  );
  server.registerTool(
    "slow",
    { description: slowTool.description, inputSchema: { steps: z.number().optional(), wait: z.boolean().optional() } },
    async ({ steps = 0, wait = false }, extra) => {
      metas.push({ ...extra._meta });
      const progressToken = extra._meta?.progressToken;
      for (let step = 1; step <= steps && progressToken !== undefined; step += 1) {
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress: step, total: steps },
        });
      }
      if (wait) {
        waiting.started += 1;
        await new Promise<void>((resolve) => extra.signal.addEventListener("abort", () => resolve()));
        waiting.cancelled += 1;
      }
      return { content: [{ type: "text", text: `${label}: done` }] };
    },
  );
  server.registerTool(
    "shaped",
    { description: shapedTool.description, inputSchema: { shape: z.enum(["structured", "rich"]) } },
    async ({ shape }) => {
      shapedCalls += 1;
      if (shape === "structured") {
        return {
          content: [{ type: "text", text: `${label}:structured` }],
          structuredContent: { label, items: [1, 2] },
        };
      }
      return {
        content: [
          { type: "text", text: `${label}:rich`, annotations: { audience: ["user"], priority: 1 } },
          { type: "image", data: "aGk=", mimeType: "image/png" },
        ],
        // Counted, so a test sees a call made twice.
        _meta: { "example.com/trace": label, "example.com/calls": shapedCalls },
      };
    },
  );
  server.registerPrompt(
    "greet",
    {
      description: "Greets someone",
      argsSchema: { name: completable(z.string(), (value) => [`${value}${label}`]) },
    },
    ({ name }, extra) => {
      metas.push({ ...extra._meta });
      return { messages: [{ role: "user", content: { type: "text", text: `${label} says hello to ${name}` } }] };
    },
  );
  server.registerResource("readme", "memo://readme", { description: "The readme" }, async (uri, extra) => {
    metas.push({ ...extra._meta });
    return { contents: [{ uri: uri.href, text: `${label} readme` }] };
  });
  server.registerResource(
    "note",
    new ResourceTemplate("memo://notes/{id}", { list: undefined, complete: { id: (value) => [`${value}7`] } }),
    { description: "A note by id" },
    async (uri, { id }) => ({ contents: [{ uri: uri.href, text: `${label} note ${String(id)}` }] }),
  );
  server.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    subscribed.add(request.params.uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });

  return {
    server,
    /** Upstream URIs the gateway is subscribed to right now. */
    subscribed,
    /** How many waiting `slow` calls started, and how many of them were cancelled. */
    waiting,
    metas,
  };
}
