import { CredentialRefreshError } from "@switchboard/credential-refresh";
import { ErrorCode, type ProgressNotification } from "@modelcontextprotocol/sdk/types.js";
import type { GatewayMetrics } from "@switchboard/observability";
import type { Logger } from "pino";
import type { ClientInput } from "../sessions/client-input.ts";
import { callWithFreshCredential } from "../upstreams/call-with-fresh-credential.ts";
import { namesResource, toGatewayContent } from "../upstreams/gateway-resource-uris.ts";
import { withClientMeta } from "./client-meta.ts";
import { declareClientInput, fulfilInputRequired, InputRequiredFailure } from "./fulfil-input-required.ts";
import type { UsageEvent, UsageRecorder } from "./record-usage.ts";
import type { SessionRoutes, ToolCatalog } from "../sessions/session-routes.ts";
import type { ToolRoute } from "./tool-names.ts";
import type { UpstreamCredential, UpstreamPool } from "../upstreams/upstream-pool.ts";

export interface ToolCallForwarderOptions {
  pool: UpstreamPool;
  usage: UsageRecorder;
  toolCalls: GatewayMetrics["toolCalls"];
  logger: Logger;
  callTimeoutMs: number;
  /** Refreshes a credential a remote server rejected (single-flight with the runner's refresh). */
  refreshCredential: (credential: UpstreamCredential) => Promise<void>;
}

export interface ToolCall {
  routes: SessionRoutes;
  /**
   * The routes as the caller read them, from a caller that binds something to the connector the
   * call goes to (a task id, a request state): the call follows them, where a second read could
   * name another connector if the catalog changed in between.
   */
  catalog?: ToolCatalog;
  name: string;
  arguments: Record<string, unknown> | undefined;
  /** Aborted when the client cancels or goes away; the forwarder then rejects with its reason. */
  signal: AbortSignal;
  /**
   * The caller's own controller of `signal`, when it has one: the call's timeout aborts it too,
   * instead of a second controller per call that follows `signal` through a listener.
   */
  controller?: AbortController;
  /** The client's own `_meta` keys for the upstream (trace context and the like: see passOnClientMeta). */
  meta?: Record<string, unknown> | undefined;
  /** Receives the upstream's progress (the caller restores the client's own progress token). */
  onProgress?: (progress: ProgressNotification["params"]) => void;
  /**
   * More params for the upstream, sent as they are, with the upstream's answer returned as it is:
   * from a 2026-07-28 caller, which answers an `input_required` result itself (its answers, request
   * state, capabilities), or a session client's `task` (a task's input goes through tasks/result).
   * Without it an `input_required` result is fulfilled for a session client or is a tool error.
   */
  roundTrip?: Record<string, unknown>;
  /** Only from a 2025 session client that declared it can be asked for input: the gateway asks it. */
  clientInput?: ClientInput | undefined;
  /**
   * From a caller that cannot ask its client for input although the client could answer (the
   * session fast path): when the tool's connector may ask for input, nothing is sent and the
   * answer is undefined, so the caller hands the call to one that can (the SDK session).
   */
  declineIfInputPossible?: boolean;
}

/** What the client gets: the upstream's result or JSON-RPC error as it came, or the gateway's own. */
export type ToolCallAnswer =
  { result: Record<string, unknown> } | { error: { code: number; message: string; data?: unknown } };

export interface ForwardToolCall {
  (call: ToolCall & { declineIfInputPossible?: false }): Promise<ToolCallAnswer>;
  (call: ToolCall): Promise<ToolCallAnswer | undefined>;
}

const TIMED_OUT = Symbol("timed out");

function errorResult(text: string): ToolCallAnswer {
  return { result: { isError: true, content: [{ type: "text", text }] } };
}

function unreachable(ready: boolean): ToolCallAnswer {
  return errorResult(
    ready
      ? "The connector is not reachable right now (it may be restarting). Try again in a few seconds."
      : "The connector is restarting. Try again in a few seconds.",
  );
}

/**
 * What kind of failure it was, without its message: an upstream's reply text or a remote URL
 * (which may carry a user's key) must not reach the logs.
 */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return code === undefined ? error.name : `${error.name} ${String(code)}`;
}

/**
 * `tools/call` for a session: resolves `<connector>__<tool>` through the session's routes,
 * sends the call to that connector's upstream with the upstream tool name, and records usage.
 * Both the direct JSON path and the SDK session (calls that stream progress) answer through it.
 */
export function createToolCallForwarder(options: ToolCallForwarderOptions): ForwardToolCall {
  const { pool, usage, toolCalls, logger, callTimeoutMs, refreshCredential } = options;

  function record(
    call: ToolCall,
    route: ToolRoute,
    started: number,
    outcome: UsageEvent["outcome"],
    errorCode?: number,
  ) {
    toolCalls.inc({ outcome });
    usage.record({
      principal: call.routes.currentPrincipal,
      connectorId: route.connectorId,
      tool: route.toolName,
      durationMs: performance.now() - started,
      outcome,
      errorCode: errorCode === undefined ? undefined : String(errorCode),
    });
  }

  function forward(call: ToolCall & { declineIfInputPossible?: false }): Promise<ToolCallAnswer>;
  function forward(call: ToolCall): Promise<ToolCallAnswer | undefined>;
  async function forward(call: ToolCall): Promise<ToolCallAnswer | undefined> {
    const { routes, name, arguments: args, signal, onProgress, roundTrip, clientInput } = call;
    signal.throwIfAborted();
    const catalog = call.catalog ?? (await routes.current());
    const route = catalog.routes.get(name);
    if (!route) return { error: { code: ErrorCode.InvalidParams, message: `Unknown tool: ${name}` } };
    if (call.declineIfInputPossible && pool.mayAskForInput(route.connectorId)) return undefined;
    const started = performance.now();
    const upstream = call.controller ?? new AbortController();
    const timeOut = () => upstream.abort(TIMED_OUT);
    let timer = setTimeout(timeOut, callTimeoutMs);
    const cancel = upstream.signal === signal ? undefined : () => upstream.abort(signal.reason);
    if (cancel) signal.addEventListener("abort", cancel, { once: true });
    const send = (extraParams: Record<string, unknown> | undefined) =>
      callWithFreshCredential(
        pool,
        route.connectorId,
        refreshCredential,
        (connection) =>
          connection.request(
            "tools/call",
            withClientMeta({ ...extraParams, name: route.toolName, arguments: args ?? {} }, call.meta),
            { signal: upstream.signal, ...(onProgress ? { onProgress } : {}) },
          ),
        upstream.signal,
      );
    // Whoever answers the client's form may take their time: the call's timeout is the connector's.
    let asking = 0;
    const input = clientInput && {
      capabilities: clientInput.capabilities,
      async ask(...question: Parameters<ClientInput["ask"]>) {
        if (asking++ === 0) clearTimeout(timer);
        try {
          return await clientInput.ask(...question);
        } finally {
          if (--asking === 0) timer = setTimeout(timeOut, callTimeoutMs);
        }
      },
    };
    try {
      // A 2026-07-28 caller answers input_required itself; for a session client the gateway does.
      const response = roundTrip
        ? await send(roundTrip)
        : await fulfilInputRequired(await send(declareClientInput(input)), input, send, upstream.signal);
      if ("error" in response) {
        record(call, route, started, "error", response.error.code);
        // The runner's bridge answers so when the server's process died mid-call: not the
        // client's mistake, so a tool error like any other failure of the connector.
        if (response.error.code === ErrorCode.ConnectionClosed) return unreachable(route.ready);
        return { error: response.error };
      }
      const { result } = response;
      record(call, route, started, result.isError === true ? "tool_error" : "ok");
      // One pass over the blocks (most are text); a copy only for a result that names resources.
      if (Array.isArray(result.content) && result.content.some(namesResource)) {
        // The catalog's prefix: a name cut to 64 characters no longer ends with the upstream's.
        const prefix = catalog.prefixes.get(route.connectorId)!;
        return { result: { ...result, content: toGatewayContent(catalog.naming, prefix, result.content) } };
      }
      return { result };
    } catch (error) {
      // A shared controller carries the timeout's reason too: that call was not cancelled.
      if (signal.aborted && signal.reason !== TIMED_OUT) {
        record(call, route, started, "cancelled");
        throw signal.reason;
      }
      if (upstream.signal.reason === TIMED_OUT) {
        record(call, route, started, "timeout", ErrorCode.RequestTimeout);
        return errorResult(`The connector did not answer within ${callTimeoutMs / 1000} s.`);
      }
      if (error instanceof InputRequiredFailure) {
        record(call, route, started, "tool_error");
        return errorResult(error.message);
      }
      record(call, route, started, "error");
      if (error instanceof CredentialRefreshError && error.code === "needs_reauth") {
        return errorResult("This connector needs re-authorization: open it in Switchboard and re-authorize.");
      }
      // The pool dropped the failed upstream session; the next call opens a fresh one.
      logger.warn(
        { connectorId: route.connectorId, tool: route.toolName, failure: describeFailure(error) },
        "upstream call failed",
      );
      return unreachable(route.ready);
    } finally {
      clearTimeout(timer);
      if (cancel) signal.removeEventListener("abort", cancel);
    }
  }
  return forward;
}
