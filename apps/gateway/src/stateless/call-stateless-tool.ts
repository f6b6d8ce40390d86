import { ProtocolError, type CallToolResult } from "@modelcontextprotocol/server";
import type { ProgressNotification } from "@modelcontextprotocol/sdk/types.js";
import type { SessionRoutes } from "../sessions/session-routes.ts";
import { sealCreatedTask } from "../tasks/relay-task-request.ts";
import type { TaskIds } from "../tasks/task-ids.ts";
import type { ForwardToolCall } from "../tools/forward-tool-call.ts";
import type { BoundRequestStates, RequestStateSeal } from "./request-state-seal.ts";
import { sealRequestState } from "./round-trip-params.ts";
import type { ToolCallOutcome } from "./stateless-fast-path.ts";

export interface StatelessToolCall {
  routes: SessionRoutes;
  name: string;
  arguments: Record<string, unknown> | undefined;
  /** The client's own `_meta` keys for the upstream (passOnClientMeta). */
  meta?: Record<string, unknown> | undefined;
  signal: AbortSignal;
  /** The client's round-trip params (answers, request state, capabilities), its state opened with `states`. */
  readRoundTrip: (states: BoundRequestStates) => Record<string, unknown>;
  /** The fast path already made the call, and this is how it ended. */
  outcome?: ToolCallOutcome | undefined;
  /** Receives the upstream's progress, when the client's request asked for it (a progress token). */
  onProgress?: ((progress: ProgressNotification["params"]) => void) | undefined;
}

export interface StatelessToolCallOptions {
  forwardToolCall: ForwardToolCall;
  requestStates: RequestStateSeal;
  taskIds: TaskIds;
}

/**
 * A 2026-07-28 client's `tools/call` in the SDK handler: the request state it sends back is opened,
 * and the request state or task id the upstream answers with is sealed, bound to the connector
 * the call goes to, taken from one read of the routes (the fast path's, when it made the call):
 * a second read could name another connector if the catalog changed in between.
 */
export async function callStatelessTool(
  call: StatelessToolCall,
  { forwardToolCall, requestStates, taskIds }: StatelessToolCallOptions,
): Promise<CallToolResult> {
  const { routes, name, outcome } = call;
  const catalog = outcome?.catalog ?? (await routes.current());
  const connectorId = catalog.routes.get(name)?.connectorId ?? "";
  const states = requestStates.bind({ connectorId, principal: routes.currentPrincipal, method: "tools/call", name });
  const answer = await (outcome?.answer() ??
    forwardToolCall({
      routes,
      catalog,
      name,
      arguments: call.arguments,
      meta: call.meta,
      signal: call.signal,
      roundTrip: call.readRoundTrip(states),
      ...(call.onProgress ? { onProgress: call.onProgress } : {}),
    }));
  if ("error" in answer) throw new ProtocolError(answer.error.code, answer.error.message, answer.error.data);
  const result = sealRequestState(answer.result, states);
  return sealCreatedTask(result, taskIds, routes.currentPrincipal, connectorId) as CallToolResult;
}
