import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { PrismaClient } from "@switchboard/db";
import type { Logger } from "pino";
import { authenticateGatewayToken } from "./authenticate.ts";

export interface GatewayServerOptions {
  prisma: PrismaClient;
  logger: Logger;
  publicUrl: string;
}

/**
 * The gateway's HTTP surface: health, RFC 9728 protected-resource metadata, and the MCP endpoint,
 * which answers unauthenticated requests with a 401 that tells spec-following clients where to go.
 */
export function createGatewayServer({ prisma, logger, publicUrl }: GatewayServerOptions): Server {
  const endpoint = new URL(publicUrl);
  const metadataUrl = new URL(`/.well-known/oauth-protected-resource${endpoint.pathname}`, endpoint);

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? "/", "http://gateway.invalid").pathname;
    if (path === "/health") return sendJson(response, 200, { status: "ok" });
    if (path === metadataUrl.pathname || path === "/.well-known/oauth-protected-resource") {
      return sendJson(response, 200, {
        resource: endpoint.toString(),
        authorization_servers: [],
        bearer_methods_supported: ["header"],
      });
    }
    if (path !== endpoint.pathname) return sendJson(response, 404, { error: "not_found" });
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const principal = bearer ? await authenticateGatewayToken(prisma, bearer) : null;
    if (!principal) {
      response.setHeader(
        "WWW-Authenticate",
        `Bearer resource_metadata="${metadataUrl}"${bearer ? ', error="invalid_token"' : ""}`,
      );
      return sendJson(response, 401, {
        error: "unauthorized",
        error_description: "A valid Switchboard gateway token is required.",
      });
    }
    return sendJson(response, 501, {
      error: "not_implemented",
      error_description: "The MCP endpoint is not available yet.",
    });
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error }, "gateway request failed");
      if (!response.headersSent) sendJson(response, 500, { error: "internal_error" });
    });
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
