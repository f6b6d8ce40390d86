import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { REQUEST_ID_HEADER, type Registry, requestIdFrom, serveMetrics } from "@switchboard/observability";
import type { Logger } from "pino";
import { type BridgeHttpHandler, createTokenCheck, isConnectorId, sendJson } from "@switchboard/mcp-bridge";
import type { ContainerRuntime } from "../runtime/runtime.ts";
import { checkDependencies } from "./check-dependencies.ts";
import type { DependencyCheck } from "./check-dependencies.ts";
import { serveLogSnapshot, streamLogs } from "./serve-logs.ts";

export interface HttpServerOptions {
  runtime: ContainerRuntime;
  bridgeHandler: BridgeHttpHandler;
  internalToken: string;
  dependencies: Record<string, DependencyCheck>;
  logger: Logger;
  metrics: Registry;
  /** Without it `/metrics` answers 404. */
  metricsToken: string | undefined;
}

const LOGS_PATH = /^\/internal\/connectors\/([^/]+)\/logs(\/stream)?$/;

/**
 * The runner's internal HTTP surface: `/health` for orchestrators, `/metrics` for Prometheus,
 * `/bridge/<id>/mcp` for the gateway, and the logs of this runner's containers for web. Only
 * /health is unauthenticated.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const isAuthorized = createTokenCheck(options.internalToken);

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { pathname } = new URL(request.url ?? "/", "http://runner");
    if (pathname === "/health" && request.method === "GET") {
      const report = await checkDependencies(options.dependencies);
      sendJson(response, report.ok ? 200 : 503, report);
      return;
    }
    if (pathname === "/metrics" && request.method === "GET") {
      const metrics = await serveMetrics(options.metrics, options.metricsToken, request.headers.authorization);
      response.writeHead(metrics.status, { "Content-Type": metrics.contentType, "Cache-Control": "no-store" });
      response.end(metrics.body);
      return;
    }
    if (pathname.startsWith("/bridge/")) {
      await options.bridgeHandler.handle(request, response);
      return;
    }
    const logs = LOGS_PATH.exec(pathname);
    const connectorId = logs?.[1];
    if (!logs || !connectorId || !isConnectorId(connectorId) || request.method !== "GET") {
      sendJson(response, 404, { error: "not_found" });
    } else if (!isAuthorized(request.headers.authorization)) {
      response.setHeader("WWW-Authenticate", "Bearer");
      sendJson(response, 401, { error: "unauthorized" });
    } else if (logs[2]) {
      streamLogs(options.runtime, connectorId, response);
    } else {
      serveLogSnapshot(options.runtime, connectorId, response);
    }
  }

  return createServer((request, response) => {
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    route(request, response).catch((error: unknown) => {
      options.logger.error({ err: error, path: request.url, requestId }, "runner http request failed");
      if (!response.headersSent) sendJson(response, 500, { error: "internal_error" });
      else response.end();
    });
  });
}
