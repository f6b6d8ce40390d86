import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  type GatewayMetrics,
  REQUEST_ID_HEADER,
  type Registry,
  requestIdFrom,
  serveMetrics,
} from "@switchboard/observability";
import { GATEWAY_SCOPE, normalizeResource } from "@switchboard/oauth";
import { resolveClientAddress, tooManyRequestsHeaders, type FailedAttemptGuard } from "@switchboard/rate-limit";
import type { Logger } from "pino";
import type { Authenticate } from "../auth/authenticate.ts";
import { SessionLimitError, UnknownSessionError, type McpSessions } from "../sessions/mcp-sessions.ts";
import { TooManyAnswersError } from "../sessions/shared-sessions.ts";
import { BodyError, readJsonBody, sendJson } from "@switchboard/mcp-bridge";
import { toMethodLabel } from "./method-label.ts";
import { isDependencyUnavailable } from "./dependency-unavailable.ts";
import { createCrossOrigin } from "./cross-origin.ts";
import { isStatelessRequest, type HandleStatelessRequest } from "../stateless/stateless-requests.ts";
import { CONNECTOR_SEGMENT, type NarrowToConnector } from "./connector-endpoints.ts";

/** What a client is told to wait while the database is away: about as long as a restart takes. */
const RETRY_AFTER_SECONDS = 5;

export interface GatewayServerOptions {
  authenticate: Authenticate;
  /** Named in the RFC 9728 metadata, so clients given only the URL find where to sign in. */
  authorizationServers?: readonly string[];
  logger: Logger;
  publicUrl: string;
  sessions: McpSessions;
  /** MCP 2026-07-28 requests (stateless, no session); without it only the session revisions are served. */
  stateless?: { handle: HandleStatelessRequest };
  /** Browser origins allowed to call the MCP endpoint; requests from any other `Origin` are refused. */
  allowedOrigins: readonly string[];
  maxBodyBytes?: number;
  metrics: { registry: Registry; requestDuration: GatewayMetrics["requestDuration"]; token: string | undefined };
  /** Counts wrong bearer tokens per client address across gateway instances (Redis); none: no limit. */
  authFailureGuard?: FailedAttemptGuard | undefined;
  /** Reverse proxies in front whose `X-Forwarded-For` entries are believed (`TRUSTED_PROXY_HOPS`); default 0. */
  trustedProxyHops?: number | undefined;
  /** One connector's own endpoint, `/mcp/<connector>` (connector-endpoints.ts); without it only `/mcp` is served. */
  narrowToConnector?: NarrowToConnector | undefined;
}

/**
 * The gateway's HTTP surface: health, Prometheus metrics, RFC 9728 protected-resource metadata, and
 * the Streamable HTTP MCP endpoint. Every request is authenticated, so a revoked token stops working
 * at once, even inside an open session.
 */
export function createGatewayServer({
  authenticate,
  authorizationServers = [],
  logger,
  publicUrl,
  sessions,
  stateless,
  allowedOrigins,
  maxBodyBytes = 4 * 1024 * 1024,
  metrics,
  authFailureGuard,
  trustedProxyHops = 0,
  narrowToConnector,
}: GatewayServerOptions): Server {
  const endpoint = new URL(publicUrl);
  const metadataUrl = new URL(`/.well-known/oauth-protected-resource${endpoint.pathname}`, endpoint);
  const resource = normalizeResource(publicUrl);
  const crossOrigin = createCrossOrigin(allowedOrigins);
  /** The same path with a slash at the end, as users paste URLs: it names the same resource. */
  const withSlash = (path: string) => (path.endsWith("/") ? path : `${path}/`);
  const endpointWithSlash = withSlash(endpoint.pathname);
  const metadataPaths = new Set([
    metadataUrl.pathname,
    withSlash(metadataUrl.pathname),
    "/.well-known/oauth-protected-resource",
  ]);
  // A connector's own endpoint and its RFC 9728 metadata: one path segment below the endpoint's.
  const connectorBase = withSlash(endpoint.pathname);
  const connectorMetadataBase = withSlash(metadataUrl.pathname);
  /** The resource and metadata URL of one connector's own endpoint. */
  const connectorEndpoint = (segment: string) => {
    const url = new URL(`${connectorBase}${segment}`, endpoint);
    return {
      resource: normalizeResource(url.href),
      metadataUrl: new URL(`/.well-known/oauth-protected-resource${url.pathname}`, endpoint),
    };
  };
  /** The connector segment of a path below `base` (a trailing slash allowed), if connectors are served on their own. */
  const segmentOf = (path: string, base: string) => {
    if (!narrowToConnector || !path.startsWith(base)) return undefined;
    const segment = path.slice(base.length).replace(/\/$/, "");
    return CONNECTOR_SEGMENT.test(segment) ? segment : undefined;
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    // The MCP endpoint's own path, as nearly every request names it, needs no URL parsing.
    const requested =
      request.url === endpoint.pathname ? request.url : new URL(request.url ?? "/", "http://gateway.invalid").pathname;
    const path = requested === endpointWithSlash ? endpoint.pathname : requested;
    if (path === "/health") return sendJson(response, 200, { status: "ok", sessions: sessions.size });
    if (path === "/metrics") {
      const { status, contentType, body } = await serveMetrics(
        metrics.registry,
        metrics.token,
        request.headers.authorization,
      );
      return response.writeHead(status, { "content-type": contentType, "cache-control": "no-store" }).end(body);
    }
    // The aggregate endpoint, as nearly every request names it, costs one comparison here.
    let segment: string | undefined;
    if (path !== endpoint.pathname) {
      const metadataSegment = metadataPaths.has(path) ? undefined : segmentOf(path, connectorMetadataBase);
      if (metadataPaths.has(path) || metadataSegment) {
        if (crossOrigin.metadata(request, response)) return;
        // Any well-formed connector path has metadata: whether it names a connector depends on the token.
        return sendJson(response, 200, {
          resource: metadataSegment ? connectorEndpoint(metadataSegment).resource : resource,
          authorization_servers: authorizationServers,
          bearer_methods_supported: ["header"],
          ...(authorizationServers.length ? { scopes_supported: [GATEWAY_SCOPE] } : {}),
        });
      }
      segment = segmentOf(path, connectorBase);
      if (!segment) return sendJson(response, 404, { error: "not_found" });
    }
    const own = segment ? connectorEndpoint(segment) : undefined;
    // DNS-rebinding protection (MCP transport spec): a page on another origin must not reach the
    // endpoint through the user's browser. Clients outside browsers send no Origin.
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.includes(origin)) {
      return sendJson(response, 403, { error: "forbidden", error_description: "This Origin may not use the gateway." });
    }
    // A page on an allowed origin: its preflight is answered here, and every answer, the sign-in
    // challenge included, says the page may read it.
    if (origin !== undefined && crossOrigin.endpoint(request, response)) return;
    // Clients that presented too many wrong tokens are refused before their token is even checked.
    const client = resolveClientAddress({
      socketAddress: request.socket.remoteAddress,
      forwardedFor: request.headers["x-forwarded-for"],
      trustedProxyHops,
    });
    const blocked = authFailureGuard?.check(client);
    if (blocked && !blocked.allowed) return sendTooManyAttempts(response, blocked);
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
    let principal = bearer ? await authenticate(bearer) : null;
    if (!principal) {
      const verdict = bearer ? await authFailureGuard?.recordFailure(client) : undefined;
      if (verdict && !verdict.allowed) return sendTooManyAttempts(response, verdict);
      return sendUnauthorized(response, own?.metadataUrl ?? metadataUrl, bearer !== undefined);
    }
    // RFC 8707: a token issued for one connector's endpoint is good there only.
    if (principal.resource !== undefined && principal.resource !== (own?.resource ?? resource)) {
      return sendUnauthorized(
        response,
        own?.metadataUrl ?? metadataUrl,
        true,
        "This token was issued for another resource.",
      );
    }
    if (segment) {
      const narrowed = await narrowToConnector!(principal, segment);
      if ("error" in narrowed) {
        return sendJson(response, 404, { jsonrpc: "2.0", id: null, error: { code: -32600, message: narrowed.error } });
      }
      principal = narrowed;
    }
    try {
      const body = await readJsonBody(request, maxBodyBytes);
      observeDuration(response, methodOf(request.method, body));
      if (stateless && isStatelessRequest(request)) return await stateless.handle(request, response, principal, body);
      await sessions.handle(request, response, principal, body);
    } catch (error) {
      if (error instanceof BodyError)
        return sendJson(response, error.status, { error: "invalid_request", error_description: error.message });
      if (error instanceof UnknownSessionError) {
        return sendJson(response, 404, {
          jsonrpc: "2.0",
          id: null,
          error: { code: -32001, message: "Session not found: start a new session with initialize." },
        });
      }
      if (error instanceof TooManyAnswersError) {
        return sendJson(response, 400, { jsonrpc: "2.0", id: null, error: { code: -32600, message: error.message } });
      }
      if (error instanceof SessionLimitError)
        return sendJson(response, 429, {
          error: "too_many_sessions",
          error_description: "This token has too many open sessions.",
        });
      throw error;
    }
  }

  function sendUnauthorized(response: ServerResponse, metadata: URL, invalidToken: boolean, description?: string) {
    response.setHeader(
      "WWW-Authenticate",
      `Bearer resource_metadata="${metadata}"${authorizationServers.length ? `, scope="${GATEWAY_SCOPE}"` : ""}${invalidToken ? ', error="invalid_token"' : ""}`,
    );
    return sendJson(response, 401, {
      error: "unauthorized",
      error_description: description ?? "A valid Switchboard access token or gateway token is required.",
    });
  }

  // One labelled child per method and outcome, made at its first observation (as prom-client makes
  // the series), so a request costs a clock read and one observe, not a timer closure and label merge.
  const durationSeries = new Map<string, ReturnType<GatewayMetrics["requestDuration"]["labels"]>>();
  function observeSeconds(method: string, outcome: string, seconds: number) {
    const key = `${method} ${outcome}`;
    let series = durationSeries.get(key);
    if (!series) durationSeries.set(key, (series = metrics.requestDuration.labels(method, outcome)));
    series.observe(seconds);
  }

  /** Until the response is complete; a GET's event stream (open for the session's life) is not timed. */
  function observeDuration(response: ServerResponse, method: string | undefined) {
    if (!method) return;
    const label = toMethodLabel(method);
    const started = performance.now();
    response.once("finish", () =>
      observeSeconds(label, outcomeOf(response.statusCode), (performance.now() - started) / 1000),
    );
  }

  return createServer((request, response) => {
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    handle(request, response).catch((error: unknown) => {
      if (isDependencyUnavailable(error)) {
        logger.warn({ err: error, requestId }, "database unavailable: answered 503");
        if (response.headersSent) return response.end();
        response.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
        return sendJson(response, 503, {
          error: "temporarily_unavailable",
          error_description: "Switchboard cannot reach its database right now. Try again shortly.",
        });
      }
      logger.error({ err: error, requestId }, "gateway request failed");
      if (!response.headersSent) sendJson(response, 500, { error: "internal_error" });
    });
  });
}

/** The JSON-RPC method of a POST (`batch` for several, `response` for a client's answers). */
function methodOf(httpMethod: string | undefined, body: unknown): string | undefined {
  if (httpMethod === "DELETE") return "session/delete";
  if (httpMethod !== "POST") return undefined;
  if (Array.isArray(body)) return "batch";
  const method = (body as { method?: unknown } | null)?.method;
  return typeof method === "string" ? method : "response";
}

function outcomeOf(status: number): "ok" | "denied" | "error" {
  if (status < 400) return "ok";
  return status === 401 || status === 403 || status === 404 || status === 429 ? "denied" : "error";
}

function sendTooManyAttempts(response: ServerResponse, verdict: { retryAfterSeconds: number }) {
  for (const [name, value] of Object.entries(tooManyRequestsHeaders(verdict))) response.setHeader(name, value);
  return sendJson(response, 429, {
    error: "too_many_requests",
    error_description: "Too many requests with invalid tokens from this address. Try again later.",
  });
}
