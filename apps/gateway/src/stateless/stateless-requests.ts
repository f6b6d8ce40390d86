import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createMcpHandler, Server, type CacheHint, type ServerContext, type Tool } from "@modelcontextprotocol/server";
import { SUPPORTED_PROTOCOL_VERSIONS, type ProgressNotification } from "@modelcontextprotocol/sdk/types.js";
import type { PrismaClient } from "@switchboard/db";
import type { Logger } from "pino";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import type { ForwardToolCall } from "../tools/forward-tool-call.ts";
import { passOnClientMeta } from "../tools/client-meta.ts";
import { composeInstructions } from "../tools/connector-instructions.ts";
import { isJsonObject } from "../tools/json-answer.ts";
import { listNamespacedTools } from "../tools/namespaced-tools.ts";
import type { SessionRoutes } from "../sessions/session-routes.ts";
import { SessionUpstreams } from "../sessions/session-upstreams.ts";
import type { TaskRelayOptions } from "../tasks/relay-task-request.ts";
import { registerTaskRelay, TASKS_CAPABILITY } from "../tasks/task-relay.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";
import type { RequestStateSeal } from "./request-state-seal.ts";
import { callStatelessTool } from "./call-stateless-tool.ts";
import { readRoundTripParams } from "./round-trip-params.ts";
import { StatelessFastPath, type ServeWithSdk, type ToolCallOutcome } from "./stateless-fast-path.ts";
import { StatelessRoutes } from "./stateless-routes.ts";
import { registerStatelessPromptsAndResources } from "./stateless-prompts-and-resources.ts";

// Lists follow the token's connectors, so only the asking client may keep them, briefly.
const LIST_CACHE_HINT: Required<CacheHint> = { ttlMs: 5_000, cacheScope: "private" };
const SERVER_INFO = { name: "switchboard", version: "1.0.0" };

/**
 * Sends the upstream's progress to a client whose request carries a progress token, under that
 * token, on the request's own stream; undefined (no progress asked upstream) otherwise.
 */
function relayProgress(ctx: ServerContext) {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  return (progress: ProgressNotification["params"]) => {
    void ctx.mcpReq
      .notify({ method: "notifications/progress", params: { ...progress, progressToken } })
      .catch(() => undefined);
  };
}

function isDiscovery(body: unknown): boolean {
  return isJsonObject(body) && body.method === "server/discover";
}

/** The 2025-era revisions, served as sessions (the 1.x SDK's list). */
const SESSION_REVISIONS = new Set<string>(SUPPORTED_PROTOCOL_VERSIONS);

/**
 * Whether a request goes to the stateless handler: it belongs to no session and names a revision
 * in `MCP-Protocol-Version` that is not a session revision, i.e. 2026-07-28, or one the gateway
 * does not speak, which the handler refuses with HTTP 400 and the unsupported-version error listing
 * what it does speak (as 2026-07-28 requires). Everything else (initialize, and every request of a
 * 2025 session, which carries `Mcp-Session-Id`) stays on the session path, which this check costs
 * two header lookups.
 */
export function isStatelessRequest(request: IncomingMessage): boolean {
  if (request.headers["mcp-session-id"] !== undefined) return false;
  const version = request.headers["mcp-protocol-version"];
  return typeof version === "string" && !SESSION_REVISIONS.has(version);
}

export interface StatelessRequestOptions {
  prisma: PrismaClient;
  pool: UpstreamPool;
  logger: Logger;
  callTimeoutMs: number;
  /** How soon a change of a token's visible connectors reaches its stateless requests. */
  listChangedPollMs: number;
  forwardToolCall: ForwardToolCall;
  /** Binds the upstreams' request states to their connector, token and name (see createRequestStateSeal). */
  requestStates: RequestStateSeal;
  /** How the upstreams' tasks are relayed (task ids sealed to their connector and token). */
  tasks: TaskRelayOptions;
  /** Off only to compare the fast path's answers with the SDK's (the fast path's equality test). */
  fastPath?: boolean;
}

export type HandleStatelessRequest = (
  request: IncomingMessage,
  response: ServerResponse,
  principal: GatewayPrincipal,
  body: unknown,
) => Promise<void>;

/**
 * Serves MCP 2026-07-28 clients with the v2 SDK's per-request handler (`createMcpHandler`, modern
 * only: 2025 clients keep their sessions): `server/discover`, header and `_meta` validation, 405 on
 * GET and DELETE, cache hints on lists. Each request gets a server for its token's visible
 * connectors (kept between requests, see StatelessRoutes); tool calls go through the same forwarder as session
 * calls, and prompts and resources through the same aggregation, so upstreams, usage records and
 * credentials are shared by both generations. Plain tool calls and lists take StatelessFastPath,
 * which answers them as this handler would without building its server.
 */
export function createStatelessRequests({
  prisma,
  pool,
  logger,
  callTimeoutMs,
  listChangedPollMs,
  forwardToolCall,
  requestStates,
  tasks,
  fastPath: fastPathOn = true,
}: StatelessRequestOptions) {
  const listTimeoutMs = Math.min(callTimeoutMs, 5_000);
  const visible = new StatelessRoutes({ prisma, logger, pollMs: listChangedPollMs, maxEntries: 10_000 });
  const handler = createMcpHandler(
    ({ authInfo }) => {
      const principal = authInfo?.extra?.principal as GatewayPrincipal;
      return createStatelessServer(
        visible.routesFor(principal),
        authInfo?.extra?.outcome as ToolCallOutcome | undefined,
        authInfo?.extra?.instructions as string | undefined,
      );
    },
    { legacy: "reject" },
  );

  /**
   * `outcome`: the fast path already made the request's tool call, and this is how it ended.
   * `instructions`: for a `server/discover`, the visible connectors' (connector-instructions.ts).
   */
  function createStatelessServer(
    routes: SessionRoutes,
    outcome: ToolCallOutcome | undefined,
    instructions: string | undefined,
  ): Server {
    const server = new Server(SERVER_INFO, {
      ...(instructions !== undefined ? { instructions } : {}),
      // The tasks extension is relayed (see registerTaskRelay): an upstream's task reaches the client.
      capabilities: { tools: {}, prompts: {}, resources: {}, completions: {}, ...TASKS_CAPABILITY },
      cacheHints: {
        "tools/list": LIST_CACHE_HINT,
        "prompts/list": LIST_CACHE_HINT,
        "resources/list": LIST_CACHE_HINT,
        "resources/templates/list": LIST_CACHE_HINT,
      },
    });
    registerStatelessPromptsAndResources(
      server,
      new SessionUpstreams(pool, routes, listTimeoutMs, callTimeoutMs),
      requestStates,
    );
    server.setRequestHandler("tools/list", async () => ({
      // Stored as the 1.x SDK typed them (JSON Schema as plain objects); the same JSON on the wire.
      tools: listNamespacedTools(await routes.current()) as Tool[],
    }));
    server.setRequestHandler("tools/call", (request, ctx) =>
      callStatelessTool(
        {
          routes,
          name: request.params.name,
          arguments: request.params.arguments,
          meta: passOnClientMeta(request.params._meta),
          signal: ctx.mcpReq.signal,
          readRoundTrip: (states) => readRoundTripParams(ctx, states),
          outcome,
          onProgress: relayProgress(ctx),
        },
        { forwardToolCall, requestStates, taskIds: tasks.taskIds },
      ),
    );
    registerTaskRelay(server, routes, tasks);
    return server;
  }

  const serveWithSdk: ServeWithSdk = async (request, response, principal, body, outcome) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const abort = new AbortController();
    response.once("close", () => abort.abort());
    // Only discovery answers them: no other request waits for the catalog before its server exists.
    const instructions = isDiscovery(body)
      ? await visible
          .routesFor(principal)
          .current()
          .then(composeInstructions, () => undefined)
      : undefined;
    const reply = await handler.fetch(
      new Request(new URL(request.url ?? "/", "http://gateway.invalid"), {
        method: request.method ?? "GET",
        headers,
        signal: abort.signal,
      }),
      {
        parsedBody: body,
        authInfo: { token: "", clientId: principal.tokenId, scopes: [], extra: { principal, outcome, instructions } },
      },
    );
    response.writeHead(reply.status, Object.fromEntries(reply.headers));
    if (!reply.body) return void response.end();
    // A stream that errors (the client went away mid-answer, a handler failed) must end this
    // response, never the process: `pipe` would leave the error unhandled.
    await pipeline(Readable.fromWeb(reply.body as NodeReadableStream), response).catch(() => undefined);
  };
  const fastPath = new StatelessFastPath({
    routesFor: (principal) => visible.routesFor(principal),
    forwardToolCall,
    serverInfo: SERVER_INFO,
    listCacheHint: LIST_CACHE_HINT,
    serveWithSdk,
  });
  const handle: HandleStatelessRequest = (request, response, principal, body) =>
    (fastPathOn ? fastPath.tryHandle(request, response, principal, body) : undefined) ??
    serveWithSdk(request, response, principal, body);
  return {
    handle,
    close: () => {
      visible.close();
      return handler.close();
    },
  };
}
