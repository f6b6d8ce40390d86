import type { GatewayPrincipal } from "../auth/authenticate.ts";
import type { SessionRoutes } from "../sessions/session-routes.ts";
import type { ToolCallAnswer } from "../tools/forward-tool-call.ts";
import { callWithFreshCredential } from "../upstreams/call-with-fresh-credential.ts";
import { namesResource, toGatewayContent } from "../upstreams/gateway-resource-uris.ts";
import type { UpstreamCredential, UpstreamPool } from "../upstreams/upstream-pool.ts";
import type { TaskIds } from "./task-ids.ts";

const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;
/** Where the 2025-11-25 `tasks/result` names its task (the 2026 inlined result has no such key). */
const RELATED_TASK_META_KEY = "io.modelcontextprotocol/related-task";

export interface TaskRelayOptions {
  pool: UpstreamPool;
  taskIds: TaskIds;
  refreshCredential: (credential: UpstreamCredential) => Promise<void>;
  timeoutMs: number;
}

/**
 * An upstream's task as the client gets it: the task id of a `CreateTaskResult` (2026-07-28: flat
 * with `resultType: "task"`; 2025-11-25: under `task`) sealed to the caller's token and the
 * connector that created it (see createTaskIds). Any other result is returned as it is.
 */
export function sealCreatedTask<T extends object>(
  result: T,
  taskIds: TaskIds,
  principal: GatewayPrincipal,
  connectorId: string,
): T {
  const seal = (taskId: string) => taskIds.seal(principal, { connectorId, taskId });
  const { resultType, taskId, task } = result as { resultType?: unknown; taskId?: unknown; task?: unknown };
  if (resultType === "task" && typeof taskId === "string") return { ...result, taskId: seal(taskId) };
  const nested = task as { taskId?: unknown } | undefined;
  if (typeof nested?.taskId === "string") return { ...result, task: { ...nested, taskId: seal(nested.taskId) } };
  return result;
}

/**
 * One request about a task (`tasks/get`, `tasks/update`, `tasks/cancel`, `tasks/result`) from a
 * client of the gateway: -32602 for an id that was not sealed for its token or whose connector the
 * token no longer sees; otherwise sent to the connector sealed in the id with the upstream's own
 * id, and answered with the id the client holds wherever the upstream names it.
 */
export async function relayTaskRequest(
  { pool, taskIds, refreshCredential, timeoutMs }: TaskRelayOptions,
  routes: SessionRoutes,
  request: { method: string; taskId: string; params: Record<string, unknown>; signal: AbortSignal },
): Promise<ToolCallAnswer> {
  const { method, taskId, params } = request;
  const task = taskIds.open(routes.currentPrincipal, taskId);
  const { connectors, prefixes, naming } = await routes.current();
  if (!task || !connectors.some((connector) => connector.id === task.connectorId)) {
    return { error: { code: INVALID_PARAMS, message: "Unknown task: no task of this token has this id." } };
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  let response;
  try {
    response = await callWithFreshCredential(
      pool,
      task.connectorId,
      refreshCredential,
      (connection) => connection.request(method, { ...params, taskId: task.taskId }, { signal }),
      signal,
    );
  } catch {
    // tasks/result waits for the task to end: running past the call timeout does not end the task.
    const message = timeout.aborted
      ? `The connector did not finish within ${timeoutMs / 1000} s; the task goes on: ask again or poll tasks/get.`
      : "The connector is not reachable right now.";
    return { error: { code: INTERNAL_ERROR, message } };
  }
  if ("error" in response) return { error: response.error };
  const result = withClientTaskId(response.result, taskId);
  // A tool's result (tasks/result) names resources by gateway URI, as a call's result does.
  const { content } = result;
  if (Array.isArray(content) && content.some(namesResource)) {
    result.content = toGatewayContent(naming, prefixes.get(task.connectorId)!, content);
  }
  return { result };
}

/** A copy of an upstream's result or notification about a task with the id the client holds wherever it names the task. */
export function withClientTaskId(result: Record<string, unknown>, taskId: string): Record<string, unknown> {
  const answer: Record<string, unknown> = "taskId" in result ? { ...result, taskId } : { ...result };
  const meta = answer._meta as Record<string, unknown> | undefined;
  if (meta?.[RELATED_TASK_META_KEY] !== undefined) {
    answer._meta = { ...meta, [RELATED_TASK_META_KEY]: { taskId } };
  }
  return answer;
}
