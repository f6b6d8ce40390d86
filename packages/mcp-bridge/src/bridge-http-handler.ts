import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { createTokenCheck } from "./bearer-token-check.ts";
import { isConnectorId } from "./connector-id.ts";
import { BodyError, readRequestBody } from "./read-request-body.ts";
import { UpstreamUnavailableError, proxyToHttpServer, type HttpTarget } from "./proxy-to-http-server.ts";
import type { StdioBridge } from "./stdio-bridge.ts";

export interface BridgeHttpHandlerOptions {
  /** The running bridge of a connector this runner owns, or undefined. */
  resolveBridge: (connectorId: string) => StdioBridge | undefined | Promise<StdioBridge | undefined>;
  /** The HTTP server of a connector this runner owns, when it is one; requests are proxied to it. */
  resolveHttpTarget?: (connectorId: string) => HttpTarget | undefined;
  /** Shared with the gateway; the only credential this internal endpoint accepts. */
  internalToken: string;
  /** Sessions without a request for this long are closed (clients often vanish without DELETE). */
  sessionIdleMs?: number;
  maxBodyBytes?: number;
}

export interface BridgeHttpHandler {
  /** A node:http request listener serving `POST|GET|DELETE /bridge/<connectorId>/mcp`. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Closes every session and stops the idle sweep. */
  close(): Promise<void>;
}

interface HttpSession {
  connectorId: string;
  transport: StreamableHTTPServerTransport;
  lastSeenAt: number;
}

const PATH_PATTERN = /^\/bridge\/([^/]+)\/mcp$/;
const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Exposes this runner's local servers at one Streamable HTTP endpoint per connector, whatever
 * they speak: stdio bridges with one MCP session per gateway session, HTTP servers by proxy.
 */
export function createBridgeHttpHandler(options: BridgeHttpHandlerOptions): BridgeHttpHandler {
  const isAuthorized = createTokenCheck(options.internalToken);
  const idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const sessions = new Map<string, HttpSession>();

  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - idleMs;
      for (const session of sessions.values()) if (session.lastSeenAt < cutoff) void session.transport.close();
    },
    Math.min(idleMs, 60_000),
  );
  sweep.unref();

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const connectorId = PATH_PATTERN.exec(new URL(request.url ?? "/", "http://bridge").pathname)?.[1];
    if (!connectorId || !isConnectorId(connectorId)) throw new HttpError(404, "Not found");
    if (!isAuthorized(request.headers.authorization)) {
      response.setHeader("WWW-Authenticate", "Bearer");
      throw new HttpError(401, "Unauthorized");
    }
    const raw = request.method === "POST" ? await readRequestBody(request, maxBodyBytes) : undefined;
    const httpTarget = options.resolveHttpTarget?.(connectorId);
    if (httpTarget) {
      await proxyToHttpServer(request, response, httpTarget, raw);
      return;
    }
    const body = raw && parseJson(raw);
    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (session?.connectorId !== connectorId) throw new HttpError(404, "Session not found");
      session.lastSeenAt = Date.now();
      await session.transport.handleRequest(request, response, body);
      return;
    }
    if (request.method !== "POST" || !isInitializeRequest(body)) {
      throw new HttpError(400, "Bad Request: an initialize request or an Mcp-Session-Id header is required");
    }
    const bridge = await options.resolveBridge(connectorId);
    if (!bridge) throw new HttpError(404, "No running MCP server for this connector");
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => {
        sessions.set(id, { connectorId, transport, lastSeenAt: Date.now() });
      },
    });
    const bridgeSession = await bridge.attachSession(transport);
    bridgeSession.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await transport.handleRequest(request, response, body);
    // A rejected initialize (e.g. unsupported protocol version) created no session: release it.
    if (!transport.sessionId) await transport.close();
  }

  return {
    async handle(request, response) {
      try {
        await route(request, response);
      } catch (error) {
        const known = error instanceof HttpError || error instanceof BodyError;
        const status = known ? error.status : error instanceof UpstreamUnavailableError ? 502 : 500;
        const message = known || error instanceof UpstreamUnavailableError ? error.message : "Internal error";
        if (response.headersSent) {
          response.end();
          return;
        }
        response.writeHead(status, { "Content-Type": "application/json" });
        response.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
      }
    },
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions.values()].map((session) => session.transport.close()));
      sessions.clear();
    },
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "Parse error: the body is not JSON");
  }
}
