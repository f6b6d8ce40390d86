import {
  CLIENT_CAPABILITIES_META_KEY,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  type Server,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import type { SessionRoutes } from "../sessions/session-routes.ts";
import { callWithFreshCredential } from "../upstreams/call-with-fresh-credential.ts";
import { optsIntoTasks, TASKS_EXTENSION } from "../upstreams/stateless-task-exchange.ts";
import type { UpstreamCredential, UpstreamPool } from "../upstreams/upstream-pool.ts";
import { unknownTask, type TaskIds } from "./task-ids.ts";

/** The server capabilities that offer the tasks extension (SEP-2663). */
export const TASKS_CAPABILITY = { extensions: { [TASKS_EXTENSION]: {} } };

/** The tasks extension's methods on 2026-07-28; `tasks/result` and `tasks/list` no longer exist there. */
const TASK_METHODS = ["tasks/get", "tasks/update", "tasks/cancel"] as const;
const taskParams = z.looseObject({ taskId: z.string() });

export interface TaskRelayOptions {
  pool: UpstreamPool;
  taskIds: TaskIds;
  refreshCredential: (credential: UpstreamCredential) => Promise<void>;
  timeoutMs: number;
}

/**
 * An upstream's `CreateTaskResult` as the client gets it: the task id sealed to the caller's token
 * and the connector that created it (see createTaskIds). Any other result is returned as it is.
 */
export function sealCreatedTask<T extends object>(
  result: T,
  taskIds: TaskIds,
  principal: GatewayPrincipal,
  connectorId: string,
): T {
  const { resultType, taskId } = result as { resultType?: unknown; taskId?: unknown };
  if (resultType !== "task" || typeof taskId !== "string") return result;
  return { ...result, taskId: taskIds.seal(principal, { connectorId, taskId }) };
}

/**
 * `tasks/get`, `tasks/update` and `tasks/cancel` for a 2026-07-28 client: refused with -32021 when
 * its request does not carry the tasks extension in its capabilities (as SEP-2663 requires), with
 * -32602 for an id that was not sealed for its token or whose connector it no longer sees, and
 * otherwise sent to the connector sealed in the id, with the upstream's own id and the client's
 * capabilities. The answer comes back with the id the client holds.
 */
export function registerTaskRelay(server: Server, routes: SessionRoutes, options: TaskRelayOptions): void {
  const { pool, taskIds, refreshCredential, timeoutMs } = options;
  for (const method of TASK_METHODS) {
    server.setRequestHandler(method, { params: taskParams }, async (params, ctx) => {
      const capabilities = clientCapabilitiesOf(ctx);
      if (!optsIntoTasks({ _meta: { [CLIENT_CAPABILITIES_META_KEY]: capabilities } })) {
        throw new MissingRequiredClientCapabilityError({
          requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
        });
      }
      const task = taskIds.open(routes.currentPrincipal, params.taskId);
      const { connectors } = await routes.current();
      if (!connectors.some((connector) => connector.id === task.connectorId)) throw unknownTask();
      const { _meta: _clientMeta, ...rest } = params;
      const signal = AbortSignal.any([ctx.mcpReq.signal, AbortSignal.timeout(timeoutMs)]);
      const response = await callWithFreshCredential(
        pool,
        task.connectorId,
        refreshCredential,
        (connection) =>
          connection.request(
            method,
            { ...rest, taskId: task.taskId, _meta: { [CLIENT_CAPABILITIES_META_KEY]: capabilities } },
            { signal },
          ),
        signal,
      ).catch(() => {
        throw new ProtocolError(ProtocolErrorCode.InternalError, "The connector is not reachable right now.");
      });
      if ("error" in response) {
        throw new ProtocolError(response.error.code, response.error.message, response.error.data);
      }
      const { result } = response;
      return "taskId" in result ? { ...result, taskId: params.taskId } : result;
    });
  }
}

function clientCapabilitiesOf({ mcpReq }: ServerContext): unknown {
  // The envelope is keyed by its wire names.
  return (mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY];
}
