import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CancelTaskRequestSchema,
  ErrorCode,
  GetTaskPayloadRequestSchema,
  GetTaskRequestSchema,
  McpError,
  type CallToolRequest,
  type CallToolResult,
  type ServerCapabilities,
} from "@modelcontextprotocol/sdk/types.js";
import { RelayedError } from "../sessions/relayed-error.ts";
import type { SessionRoutes, ToolCatalog } from "../sessions/session-routes.ts";
import type { ForwardToolCall } from "../tools/forward-tool-call.ts";
import type { ToolRoute } from "../tools/tool-names.ts";
import { relayTaskRequest, sealCreatedTask, type TaskRelayOptions } from "./relay-task-request.ts";
import { passOnClientMeta } from "../tools/client-meta.ts";

/**
 * What a 2025-11-25 session is offered of the (experimental) tasks: task-augmented `tools/call`,
 * `tasks/get`, `tasks/result` and `tasks/cancel`. Not `tasks/list`: an upstream lists the tasks of
 * its session, which the gateway shares between every token that uses the connector, so its list
 * would show a caller other users' tasks (the gateway keeps no list of its own).
 */
export const SESSION_TASKS_CAPABILITY: ServerCapabilities = {
  tasks: { cancel: {}, requests: { tools: { call: {} } } },
};

export interface CreatedTask {
  connectorId: string;
  /** The upstream's own id, which its status notifications name. */
  upstreamTaskId: string;
  /** The sealed id the client holds. */
  taskId: string;
}

/** The route of a tool whose upstream declared it may run as a task (`execution.taskSupport`, 2025-11-25). */
function findTaskRoute(catalog: ToolCatalog, name: string): ToolRoute | undefined {
  const route = catalog.routes.get(name);
  const connector = route && catalog.connectors.find((candidate) => candidate.id === route.connectorId);
  const tool = connector?.tools.find((candidate) => candidate.name === route!.toolName) as
    { execution?: { taskSupport?: string } } | undefined;
  const support = tool?.execution?.taskSupport;
  return support === "optional" || support === "required" ? route : undefined;
}

/**
 * A session client's task-augmented `tools/call` (`params.task`): sent to the tool's connector
 * with the `task` param when the tool runs as a task (else -32601, as the spec asks of a tool that
 * does not), and its `CreateTaskResult` answered with the task id sealed (see createTaskIds).
 */
export async function callToolAsTask(
  request: CallToolRequest,
  signal: AbortSignal,
  routes: SessionRoutes,
  forwardToolCall: ForwardToolCall,
  options: TaskRelayOptions,
  /** Told the created task's connector, upstream id and sealed id, to relay its status notifications. */
  onCreated?: (task: CreatedTask) => void,
): Promise<CallToolResult> {
  const { name, arguments: args, task } = request.params;
  // One read of the routes: the connector sealed into the task id is the one the call goes to.
  const catalog = await routes.current();
  const route = findTaskRoute(catalog, name);
  if (!route) throw new McpError(ErrorCode.MethodNotFound, `Tool ${name} does not run as a task.`);
  // Extra params for the upstream: the forwarder sends them as they are and answers with the
  // upstream's result, without fulfilling input itself (a task's input goes through tasks/result).
  const meta = passOnClientMeta(request.params._meta);
  const answer = await forwardToolCall({ routes, catalog, name, arguments: args, meta, signal, roundTrip: { task } });
  if ("error" in answer) throw new RelayedError(answer.error.code, answer.error.message, answer.error.data);
  const sealed = sealCreatedTask(answer.result, options.taskIds, routes.currentPrincipal, route.connectorId);
  if (sealed === answer.result) {
    throw new McpError(ErrorCode.InternalError, `The connector ran ${name} without creating a task.`);
  }
  onCreated?.({
    connectorId: route.connectorId,
    upstreamTaskId: (answer.result as { task: { taskId: string } }).task.taskId,
    taskId: (sealed as { task: { taskId: string } }).task.taskId,
  });
  return sealed as CallToolResult;
}

/** `tasks/get`, `tasks/result` and `tasks/cancel` of a 2025-11-25 session, relayed (see relayTaskRequest). */
export function registerSessionTaskRelay(server: Server, routes: SessionRoutes, options: TaskRelayOptions): void {
  for (const [schema, method] of [
    [GetTaskRequestSchema, "tasks/get"],
    [GetTaskPayloadRequestSchema, "tasks/result"],
    [CancelTaskRequestSchema, "tasks/cancel"],
  ] as const) {
    server.setRequestHandler(schema, async (request, extra) => {
      const answer = await relayTaskRequest(options, routes, {
        method,
        taskId: request.params.taskId,
        params: {},
        signal: extra.signal,
      });
      if ("error" in answer) throw new RelayedError(answer.error.code, answer.error.message, answer.error.data);
      return answer.result as never;
    });
  }
}
