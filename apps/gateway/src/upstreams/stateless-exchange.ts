import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { JSONRPCNotification } from "@modelcontextprotocol/sdk/types.js";
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
} from "@modelcontextprotocol/client";
import { exchangeJsonRpc, type HttpPost, type HttpReply, type JsonRpcResponse } from "@switchboard/mcp-bridge";
import { z } from "zod";

/** The stateless revision: no initialize, no session; version, client info and capabilities on every request. */
export const STATELESS_REVISION = "2026-07-28";

/** Who the gateway is to its upstreams, in every request's envelope. */
export const GATEWAY_CLIENT_INFO = { name: "switchboard-gateway", version: "1.0.0" };

/** The body field each request's `Mcp-Name` header mirrors (SEP-2243, and SEP-2663 for `tasks/*`). */
const NAME_FIELD: Record<string, string> = {
  "tools/call": "name",
  "tasks/get": "taskId",
  "tasks/update": "taskId",
  "tasks/cancel": "taskId",
};

/** A header value as SEP-2243 carries it: verbatim when it is plain visible ASCII, else in its Base64 sentinel. */
function headerValue(value: string): string {
  return /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value) && !value.startsWith("=?base64?")
    ? value
    : `=?base64?${Buffer.from(value).toString("base64")}?=`;
}

const errorAnswerSchema = z.object({
  jsonrpc: z.literal("2.0"),
  id: z.union([z.string(), z.number()]),
  error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }),
});

/**
 * The POST as the v2 SDK's transport reads it for a 2026-07-28 request: an HTTP 400 whose body is
 * the JSON-RPC error answering the request (how that revision refuses a request it cannot serve,
 * e.g. invalid params) is that request's answer; any other status fails the exchange.
 */
function acceptingErrorAnswers(post: HttpPost, id: string | number): HttpPost {
  return async (url, headers, body, signal) => {
    const reply = await post(url, headers, body, signal);
    if (reply.status !== 400 || !reply.contentType.startsWith("application/json")) return reply;
    let text = "";
    await reply.read((chunk) => {
      text += chunk;
    });
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    const parsed = errorAnswerSchema.safeParse(answer);
    if (!parsed.success || parsed.data.id !== id) {
      throw new StreamableHTTPError(400, "upstream answered HTTP 400");
    }
    return answeredWith(text);
  };
}

/** A reply already read to its end: the JSON body `text`, as a 200. */
function answeredWith(text: string): HttpReply {
  return {
    status: 200,
    contentType: "application/json",
    read: (onText) => {
      onText(text);
      return Promise.resolve();
    },
    discard: () => undefined,
  };
}

/**
 * Sends one request to a server that speaks only MCP 2026-07-28 as plain JSON-RPC over HTTP, with
 * what the v2 SDK client would write: the per-request `_meta` envelope (protocol version, the
 * gateway's client info, and the client capabilities the caller passed on, else none; the
 * caller's `_meta` keys win, as in the SDK) and the `MCP-Protocol-Version`, `Mcp-Method` and
 * `Mcp-Name` headers. The answer (result or JSON-RPC error) comes back as the server sent it; a
 * status other than 200 (or 400 with the request's error) rejects with the 1.x SDK's
 * `StreamableHTTPError`, so a 401 takes the pool's refresh-and-retry path. Cancelling is closing
 * the request (the revision has no cancel notice): `signal` aborts it.
 */
export function exchangeStatelessRequest(
  post: HttpPost,
  url: URL,
  headers: Record<string, string>,
  request: { id: string; method: string; params: Record<string, unknown> },
  signal: AbortSignal,
  onNotification: (notification: JSONRPCNotification) => void = () => undefined,
): Promise<JsonRpcResponse> {
  const { id, method, params } = request;
  const field = NAME_FIELD[method];
  const name = field === undefined ? undefined : params[field];
  const message = {
    jsonrpc: "2.0" as const,
    id,
    method,
    params: {
      ...params,
      _meta: {
        [PROTOCOL_VERSION_META_KEY]: STATELESS_REVISION,
        [CLIENT_INFO_META_KEY]: GATEWAY_CLIENT_INFO,
        [CLIENT_CAPABILITIES_META_KEY]: {},
        ...(params._meta as Record<string, unknown> | undefined),
      },
    },
  };
  const requestHeaders = {
    ...headers,
    "mcp-protocol-version": STATELESS_REVISION,
    "mcp-method": method,
    ...(typeof name === "string" ? { "mcp-name": headerValue(name) } : {}),
  };
  return exchangeJsonRpc(acceptingErrorAnswers(post, id), url, requestHeaders, message, signal, onNotification);
}
