import type { IncomingMessage, ServerResponse } from "node:http";
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  classifyInboundRequest,
  isJsonContentType,
  LOG_LEVEL_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  ProtocolErrorCode,
  SERVER_INFO_META_KEY,
  type CacheHint,
  type Implementation,
  type RequestId,
} from "@modelcontextprotocol/server";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import type { SessionRoutes, ToolCatalog } from "../sessions/session-routes.ts";
import type { ForwardToolCall, ToolCallAnswer } from "../tools/forward-tool-call.ts";
import { isGatewayMetaKey } from "../tools/client-meta.ts";
import { abortWhenClientLeaves, isJsonObject, writeJsonAnswer } from "../tools/json-answer.ts";
import { listNamespacedTools } from "../tools/namespaced-tools.ts";
import { composeRoundTripParams } from "./round-trip-params.ts";

const REVISION = "2026-07-28";

/** The `_meta` keys the SDK lifts off a request as its envelope; other reserved keys go to the SDK. */
const ENVELOPE_KEYS = new Set([
  PROTOCOL_VERSION_META_KEY,
  CLIENT_INFO_META_KEY,
  CLIENT_CAPABILITIES_META_KEY,
  LOG_LEVEL_META_KEY,
]);
const REQUEST_KEYS = new Set(["jsonrpc", "id", "method", "params"]);
// No progress token, round-trip answers, request state, cursor or task: those go to the SDK.
const CALL_PARAMS = new Set(["name", "arguments", "_meta"]);
const LIST_PARAMS = new Set(["_meta"]);
const CALL_RESULT_KEYS = new Set(["content", "structuredContent", "isError", "resultType", "_meta"]);
const TEXT_BLOCK_KEYS = new Set(["type", "text"]);
const SERVER_INFO_KEYS = new Set([SERVER_INFO_META_KEY]);

type FastRequest =
  | { method: "tools/call"; id: RequestId; name: string; arguments: Record<string, unknown> | undefined; capabilities: unknown; meta: Record<string, unknown> | undefined } // prettier-ignore
  | { method: "tools/list"; id: RequestId };

/**
 * How a tool call ended, for the SDK to answer when the fast path cannot say it the same way, with
 * the routes the call followed (what the SDK seals is bound to its connector); none if reading them failed.
 */
export interface ToolCallOutcome {
  catalog: ToolCatalog | undefined;
  answer: () => Promise<ToolCallAnswer>;
}

export type ServeWithSdk = (
  request: IncomingMessage,
  response: ServerResponse,
  principal: GatewayPrincipal,
  body: unknown,
  outcome?: ToolCallOutcome,
) => Promise<void>;

export interface StatelessFastPathOptions {
  routesFor: (principal: GatewayPrincipal) => SessionRoutes;
  forwardToolCall: ForwardToolCall;
  /** The identity the SDK stamps into every result's `_meta`. */
  serverInfo: Implementation;
  listCacheHint: Required<CacheHint>;
  serveWithSdk: ServeWithSdk;
}

function hasOnlyKeys(object: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key in object) if (!allowed.has(key)) return false;
  return true;
}

/**
 * A value the SDK's `Mcp-Name` check reads as itself: no optional whitespace for it to strip and
 * not the shape of a Base64 sentinel for it to decode.
 */
function isVerbatimHeaderValue(value: string): boolean {
  return !/^[ \t]|[ \t]$/.test(value) && !(value.startsWith("=?base64?") && value.endsWith("?="));
}

/** Whether two parsed JSON values are the same JSON, object keys in any order. */
function isSameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!isSameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * The `_meta` envelopes the SDK's classifier accepted, by their JSON: a client sends the same one
 * with every request, and the classifier's schema checks cost more than the rest of the fast path.
 * Whether it accepts a request depends on nothing else that `readFastRequest` has not checked.
 */
class AcceptedEnvelopes {
  private static readonly MAX = 1_000;
  private readonly accepted = new Set<string>();
  /**
   * A copy of the envelope accepted last (the SDK may change the request it is handed): comparing
   * the next one with it costs less than its JSON, and a client sends the same one every time.
   */
  private last: Record<string, unknown> | undefined;

  accepts(meta: Record<string, unknown>, classify: () => boolean): boolean {
    if (this.last !== undefined && isSameJson(meta, this.last)) return true;
    const key = JSON.stringify(meta);
    if (!this.accepted.has(key)) {
      if (!classify()) return false;
      if (this.accepted.size >= AcceptedEnvelopes.MAX) this.accepted.clear();
      this.accepted.add(key);
    }
    this.last = structuredClone(meta);
    return true;
  }
}

/**
 * The request as the fast path serves it, when the SDK's modern handler would take it without
 * objection: a POST of JSON carrying one `tools/call` or `tools/list` request (the exact JSON-RPC
 * shape the SDK's schema requires) whose envelope (judged by the SDK's own classifier),
 * `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` agree (a strict subset of its
 * standard-header checks), and whose params hold nothing but what the fast path passes on.
 * Anything else is left to the SDK, so every refusal and every unusual request keeps its answer.
 */
function readFastRequest(
  request: IncomingMessage,
  body: unknown,
  envelopes: AcceptedEnvelopes,
): FastRequest | undefined {
  if (request.method !== "POST" || !isJsonContentType(request.headers["content-type"])) return undefined;
  if (!isJsonObject(body) || !hasOnlyKeys(body, REQUEST_KEYS) || body.jsonrpc !== "2.0") return undefined;
  const { id, method, params } = body;
  if (typeof id !== "string" && !Number.isSafeInteger(id)) return undefined;
  if (method !== "tools/call" && method !== "tools/list") return undefined;
  const { "mcp-protocol-version": versionHeader, "mcp-method": methodHeader, "mcp-name": nameHeader } = request.headers;
  if (versionHeader !== REVISION || methodHeader !== method) return undefined;
  const allowedParams = method === "tools/call" ? CALL_PARAMS : LIST_PARAMS;
  if (!isJsonObject(params) || !hasOnlyKeys(params, allowedParams)) return undefined;
  const meta = params._meta;
  if (!isJsonObject(meta) || meta[PROTOCOL_VERSION_META_KEY] !== REVISION) return undefined;
  // Usually the envelope alone, as it is; a client's own keys (trace context) are split off, at a copy.
  let envelope = meta;
  let clientMeta: Record<string, unknown> | undefined;
  if (!hasOnlyKeys(meta, ENVELOPE_KEYS)) {
    const split = splitEnvelope(meta);
    if (!split) return undefined;
    ({ envelope, clientMeta } = split);
  }
  const { name, arguments: args } = params;
  if (method === "tools/call") {
    if (typeof name !== "string" || nameHeader !== name || !isVerbatimHeaderValue(name)) return undefined;
    if (args !== undefined && !isJsonObject(args)) return undefined;
  }
  const classify = () => {
    const route = classifyInboundRequest({
      httpMethod: "POST",
      protocolVersionHeader: versionHeader,
      mcpMethodHeader: methodHeader,
      ...(typeof nameHeader === "string" ? { mcpNameHeader: nameHeader } : {}),
      body,
    });
    return route.kind === "modern" && route.messageKind === "request" && route.classification.revision === REVISION;
  };
  if (!envelopes.accepts(envelope, classify)) return undefined;
  const requestId = id as RequestId;
  return method === "tools/call"
    ? { method, id: requestId, name: name as string, arguments: args as Record<string, unknown> | undefined, capabilities: meta[CLIENT_CAPABILITIES_META_KEY], meta: clientMeta } // prettier-ignore
    : { method, id: requestId };
}

/**
 * A `_meta` with keys besides the envelope, as its envelope and the client's own keys for the
 * upstream (passOnClientMeta); undefined when it holds a key the gateway acts on (a progress token,
 * another reserved key), which the SDK handles.
 */
function splitEnvelope(meta: Record<string, unknown>) {
  const envelope: Record<string, unknown> = {};
  const clientMeta: Record<string, unknown> = {};
  for (const key in meta) {
    if (ENVELOPE_KEYS.has(key)) envelope[key] = meta[key];
    else if (isGatewayMetaKey(key)) return undefined;
    else clientMeta[key] = meta[key];
  }
  return { envelope, clientMeta };
}

/** A text block exactly as the SDK's result schema outputs it (it strips keys it does not know). */
function isPlainTextBlock(block: unknown): block is { type: "text"; text: string } {
  return isJsonObject(block) && block.type === "text" && typeof block.text === "string" && hasOnlyKeys(block, TEXT_BLOCK_KEYS); // prettier-ignore
}

/**
 * A `_meta` that holds only a server's identity (name and version), as a 2026-07-28 upstream
 * stamps every result: the SDK's encoder keeps a result's own identity and parses this one to the
 * same JSON.
 */
function isServerInfoOnly(meta: unknown): meta is Record<string, unknown> {
  if (!isJsonObject(meta) || !hasOnlyKeys(meta, SERVER_INFO_KEYS)) return false;
  const info = meta[SERVER_INFO_META_KEY];
  if (!isJsonObject(info) || typeof info.name !== "string" || typeof info.version !== "string") return false;
  // In the order the SDK's schema writes them, whether it copies or parses them.
  const keys = Object.keys(info);
  return keys.length === 2 && keys[0] === "name";
}

/**
 * A tool's result as the SDK's encoder writes it for 2026-07-28 (validated, `resultType` stamped,
 * the server's identity in `_meta` unless the result carries one, as a 2026-07-28 upstream's
 * does), when it is one the fast path can write identically: text content, structured content
 * and the error flag. Anything richer is left to the SDK.
 */
function encodeCallResult(result: Record<string, unknown>, resultMeta: Record<string, unknown>) {
  if (!hasOnlyKeys(result, CALL_RESULT_KEYS)) return undefined;
  const { content = [], isError, resultType, _meta: meta } = result;
  if (resultType !== undefined && resultType !== "complete") return undefined;
  if (meta !== undefined && !isServerInfoOnly(meta)) return undefined;
  if (!Array.isArray(content) || !content.every(isPlainTextBlock)) return undefined;
  if (isError !== undefined && typeof isError !== "boolean") return undefined;
  // The SDK's schema writes a result's own `_meta` first; a stamped one comes last.
  return {
    ...(meta !== undefined ? { _meta: meta } : {}),
    content: content.map(({ text }) => ({ type: "text", text })),
    ...("structuredContent" in result ? { structuredContent: result.structuredContent } : {}),
    ...(isError !== undefined ? { isError } : {}),
    resultType: "complete",
    ...(meta === undefined ? { _meta: resultMeta } : {}),
  };
}

/**
 * A forwarder's error as the SDK answers it when the handler throws it. Codes the SDK rewrites
 * (resource not found) or answers with another HTTP status (a missing client capability) are
 * left to it.
 */
function encodeCallError({ code, message, data }: { code: number; message: string; data?: unknown }) {
  if (!Number.isSafeInteger(code) || typeof message !== "string") return undefined;
  if (code === ProtocolErrorCode.ResourceNotFound || code === ProtocolErrorCode.MissingRequiredClientCapability) {
    return undefined;
  }
  return { code, message, ...(data !== undefined ? { data } : {}) };
}

/**
 * Answers a 2026-07-28 client's plain `tools/call` and `tools/list` requests with one JSON
 * response each, without the SDK's per-request server, web `Request` and `Response`, as
 * ToolCallFastPath does for sessions: the hot path. The answers are the SDK handler's, field for
 * field (stateless-fast-path.integration.test.ts compares them); whatever it cannot answer the
 * same way goes to `serveWithSdk`, a finished tool call with its outcome so it is not made twice.
 */
export class StatelessFastPath {
  /** The JSON of a `tools/list` answer up to its id, per catalog: the same for every request until it changes. */
  private readonly listAnswers = new WeakMap<ToolCatalog, string>();
  private readonly resultMeta: Record<string, unknown>;
  private readonly envelopes = new AcceptedEnvelopes();

  constructor(private readonly options: StatelessFastPathOptions) {
    this.resultMeta = { [SERVER_INFO_META_KEY]: options.serverInfo };
  }

  /** Takes the request if it is a plain tool call or tool list; else undefined. */
  tryHandle(
    request: IncomingMessage,
    response: ServerResponse,
    principal: GatewayPrincipal,
    body: unknown,
  ): Promise<void> | undefined {
    const fast = readFastRequest(request, body, this.envelopes);
    if (!fast) return undefined;
    const routes = this.options.routesFor(principal);
    if (fast.method === "tools/list") {
      return this.list(fast.id, routes, response, () => this.options.serveWithSdk(request, response, principal, body));
    }
    return this.call(fast, routes, response, (outcome) =>
      this.options.serveWithSdk(request, response, principal, body, outcome),
    );
  }

  private async call(
    call: Extract<FastRequest, { method: "tools/call" }>,
    routes: SessionRoutes,
    response: ServerResponse,
    serveWithSdk: (outcome: ToolCallOutcome) => Promise<void>,
  ): Promise<void> {
    const controller = abortWhenClientLeaves(response);
    let catalog: ToolCatalog | undefined;
    let answer: ToolCallAnswer;
    try {
      catalog = await routes.current();
      answer = await this.options.forwardToolCall({
        routes,
        catalog,
        name: call.name,
        arguments: call.arguments,
        meta: call.meta,
        signal: controller.signal,
        controller,
        roundTrip: composeRoundTripParams({ capabilities: call.capabilities }),
      });
    } catch (error) {
      // The client went away and its call was cancelled: nobody is left to answer.
      if (controller.signal.aborted) return;
      return serveWithSdk({ catalog, answer: () => Promise.reject(error) });
    }
    const json =
      "error" in answer
        ? encodeAnswer(call.id, "error", encodeCallError(answer.error))
        : encodeAnswer(call.id, "result", encodeCallResult(answer.result, this.resultMeta));
    if (json === undefined) return serveWithSdk({ catalog, answer: () => Promise.resolve(answer) });
    writeJsonAnswer(response, json);
  }

  private async list(
    id: RequestId,
    routes: SessionRoutes,
    response: ServerResponse,
    serveWithSdk: () => Promise<void>,
  ): Promise<void> {
    let catalog: ToolCatalog;
    try {
      catalog = await routes.current();
    } catch {
      // The SDK reads the catalog again and answers the failure its own way.
      return serveWithSdk();
    }
    let answer = this.listAnswers.get(catalog);
    if (answer === undefined) {
      const { ttlMs, cacheScope } = this.options.listCacheHint;
      const result = { tools: withoutDeletedFields(listNamespacedTools(catalog)), resultType: "complete", ttlMs, cacheScope, _meta: this.resultMeta }; // prettier-ignore
      // Everything but the id, which ends the object: `{"result":…,"jsonrpc":"2.0","id":`.
      answer = JSON.stringify({ result, jsonrpc: "2.0", id: 0 }).slice(0, -2);
      this.listAnswers.set(catalog, answer);
    }
    writeJsonAnswer(response, `${answer}${JSON.stringify(id)}}`);
  }
}

/** `{"result":…,"jsonrpc":"2.0","id":…}` or the error form, keys in the SDK's order; undefined when not encodable. */
function encodeAnswer(id: RequestId, kind: "result" | "error", payload: Record<string, unknown> | undefined) {
  if (payload === undefined) return undefined;
  return JSON.stringify(kind === "result" ? { result: payload, jsonrpc: "2.0", id } : { jsonrpc: "2.0", id, error: payload }); // prettier-ignore
}

/** Tools as the SDK's 2026-07-28 encoder sends them: without `execution`, which that revision deleted. */
function withoutDeletedFields(tools: Record<string, unknown>[]): Record<string, unknown>[] {
  return tools.map((tool) => {
    if (!("execution" in tool)) return tool;
    const { execution: _deleted, ...rest } = tool;
    return rest;
  });
}
