import { createServer } from "node:http";
import {
  CLIENT_CAPABILITIES_META_KEY,
  createMcpHandler,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import { listen } from "./harness.ts";
import { serveFetchHandler } from "./serve-fetch-handler.ts";

/** The MCP 2026-07-28 tasks extension (SEP-2663), as servers advertise it and clients opt in. */
export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

interface StoredTask {
  taskId: string;
  status: "working" | "input_required" | "completed" | "cancelled";
  createdAt: string;
  lastUpdatedAt: string;
  result?: Record<string, unknown>;
  inputRequests?: Record<string, unknown>;
  timer?: NodeJS.Timeout;
}

const taskParams = z.object({ taskId: z.string() }).passthrough();

function optedIntoTasks(ctx: ServerContext): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const capabilities = envelope?.[CLIENT_CAPABILITIES_META_KEY] as { extensions?: Record<string, unknown> } | undefined;
  return capabilities?.extensions?.[TASKS_EXTENSION] !== undefined;
}

/**
 * A remote MCP server that speaks only 2026-07-28 and offers the tasks extension (SEP-2663): its
 * `report` tool answers a client that opted into tasks with a task (a `CreateTaskResult`) that
 * completes after `seconds`, and answers others at once; `approve`'s task asks the client to
 * confirm (`input_required` with an `elicitation/create` request) and completes with its answer,
 * given through `tasks/update`. `tasks/get` inlines the result once the task is done, and the
 * input requests while it waits; `tasks/update` and `tasks/cancel` ack with an empty result. Built on the v2 SDK's per-request handler
 * (the SDK has no task store of its own), with the tasks kept in memory across requests.
 */
export async function startTasksServer() {
  const tasks = new Map<string, StoredTask>();
  const seen: { method: string | undefined; params: Record<string, unknown> | undefined }[] = [];
  let nextTask = 1;

  const findTask = (taskId: string) => {
    const task = tasks.get(taskId);
    if (!task) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown task: ${taskId}`);
    return task;
  };
  const requireTasks = (ctx: ServerContext) => {
    if (!optedIntoTasks(ctx)) {
      throw new MissingRequiredClientCapabilityError({
        requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
      });
    }
  };
  const envelopeOf = ({ taskId, status, createdAt, lastUpdatedAt }: StoredTask) => ({
    taskId,
    status,
    createdAt,
    lastUpdatedAt,
    ttlMs: 60_000,
    pollIntervalMs: 100,
  });

  const handler = createMcpHandler(
    () => {
      const server = new Server(
        { name: "tasks-upstream", version: "1.0.0" },
        { capabilities: { tools: {}, extensions: { [TASKS_EXTENSION]: {} } } },
      );
      server.setRequestHandler("tools/list", () => ({
        tools: [
          {
            name: "report",
            description: "Writes a report, as a task when the client takes tasks",
            inputSchema: { type: "object", properties: { seconds: { type: "number" } } },
          },
          { name: "approve", description: "Asks for a confirmation in its task", inputSchema: { type: "object" } },
        ],
      }));
      server.setRequestHandler("tools/call", (request, ctx) => {
        const seconds = Number(request.params.arguments?.seconds ?? 0);
        const text = `report after ${seconds}s`;
        if (!optedIntoTasks(ctx)) return { content: [{ type: "text", text }] };
        const now = new Date().toISOString();
        const task: StoredTask = { taskId: `upstream-task-${nextTask++}`, status: "working", createdAt: now, lastUpdatedAt: now }; // prettier-ignore
        tasks.set(task.taskId, task);
        if (request.params.name === "approve") {
          task.status = "input_required";
          task.inputRequests = {
            confirm: {
              method: "elicitation/create",
              params: { message: "Approve?", requestedSchema: { type: "object", properties: { ok: { type: "boolean" } } } }, // prettier-ignore
            },
          };
          return { resultType: "task", ...envelopeOf(task) } as never;
        }
        task.timer = setTimeout(() => {
          Object.assign(task, { status: "completed", lastUpdatedAt: new Date().toISOString() });
          task.result = { content: [{ type: "text", text }] };
        }, seconds * 1000);
        return { resultType: "task", ...envelopeOf(task) } as never;
      });
      server.setRequestHandler("tasks/get", { params: taskParams }, ({ taskId }, ctx) => {
        requireTasks(ctx);
        const task = findTask(taskId);
        return {
          ...envelopeOf(task),
          ...(task.result ? { result: task.result } : {}),
          ...(task.inputRequests ? { inputRequests: task.inputRequests } : {}),
        };
      });
      // The SDK lifts `inputResponses` off the params (as for a retried tools/call).
      server.setRequestHandler("tasks/update", { params: taskParams }, ({ taskId }, ctx) => {
        requireTasks(ctx);
        const task = findTask(taskId);
        const answer = ctx.mcpReq.inputResponses?.confirm as
          { action?: string; content?: { ok?: boolean } } | undefined;
        if (task.status === "input_required" && answer) {
          const text = answer.action === "accept" && answer.content?.ok ? "approved" : "not approved";
          Object.assign(task, { status: "completed", lastUpdatedAt: new Date().toISOString(), result: { content: [{ type: "text", text }] } }); // prettier-ignore
          delete task.inputRequests;
        }
        return {};
      });
      server.setRequestHandler("tasks/cancel", { params: taskParams }, ({ taskId }, ctx) => {
        requireTasks(ctx);
        const task = findTask(taskId);
        if (task.status === "working") {
          clearTimeout(task.timer);
          Object.assign(task, { status: "cancelled", lastUpdatedAt: new Date().toISOString() });
        }
        return {};
      });
      return server;
    },
    { legacy: "reject" },
  );

  const server = createServer(
    serveFetchHandler(handler, (_request, message) => {
      if (message) seen.push({ method: message.method, params: message.params });
    }),
  );
  const url = await listen(server);
  return {
    url,
    tasks,
    seen,
    close: async () => {
      for (const task of tasks.values()) clearTimeout(task.timer);
      server.closeAllConnections();
      server.close();
      await handler.close();
    },
  };
}
