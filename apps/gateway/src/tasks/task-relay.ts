import {
  CLIENT_CAPABILITIES_META_KEY,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  type Server,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import type { SessionRoutes } from "../sessions/session-routes.ts";
import { optsIntoTasks, TASKS_EXTENSION } from "../upstreams/stateless-task-exchange.ts";
import { relayTaskRequest, type TaskRelayOptions } from "./relay-task-request.ts";

/** The server capabilities that offer the tasks extension (SEP-2663). */
export const TASKS_CAPABILITY = { extensions: { [TASKS_EXTENSION]: {} } };

/** The tasks extension's methods on 2026-07-28; `tasks/result` and `tasks/list` no longer exist there. */
const TASK_METHODS = ["tasks/get", "tasks/update", "tasks/cancel"] as const;
const taskParams = z.looseObject({ taskId: z.string() });

/**
 * `tasks/get`, `tasks/update` and `tasks/cancel` for a 2026-07-28 client: refused with -32021 when
 * its request does not carry the tasks extension in its capabilities (as SEP-2663 requires), and
 * otherwise relayed (see relayTaskRequest) with the client's capabilities.
 */
export function registerTaskRelay(server: Server, routes: SessionRoutes, options: TaskRelayOptions): void {
  for (const method of TASK_METHODS) {
    server.setRequestHandler(method, { params: taskParams }, async (params, ctx) => {
      const capabilities = clientCapabilitiesOf(ctx);
      if (!optsIntoTasks({ _meta: { [CLIENT_CAPABILITIES_META_KEY]: capabilities } })) {
        throw new MissingRequiredClientCapabilityError({
          requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
        });
      }
      const { _meta: _clientMeta, taskId, ...rest } = params;
      // The SDK lifts a tasks/update's answers off its params, as a retried call's.
      const { inputResponses } = ctx.mcpReq;
      const answer = await relayTaskRequest(options, routes, {
        method,
        taskId,
        params: {
          ...rest,
          ...(inputResponses ? { inputResponses } : {}),
          _meta: { [CLIENT_CAPABILITIES_META_KEY]: capabilities },
        },
        signal: ctx.mcpReq.signal,
      });
      if ("error" in answer) throw new ProtocolError(answer.error.code, answer.error.message, answer.error.data);
      return answer.result;
    });
  }
}

function clientCapabilitiesOf({ mcpReq }: ServerContext): unknown {
  // The envelope is keyed by its wire names.
  return (mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY];
}
