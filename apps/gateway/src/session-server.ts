import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import { registerPromptsAndResources } from "./prompts-and-resources.ts";
import type { SessionRoutes } from "./session-routes.ts";
import { SEPARATOR } from "./tool-names.ts";
import type { UpstreamCredential, UpstreamPool } from "./upstream-pool.ts";
import { callWithFreshCredential } from "./call-with-fresh-credential.ts";
import { CredentialRefreshError } from "@switchboard/credential-refresh";
import type { UsageRecorder } from "./record-usage.ts";

export interface SessionServerOptions {
  /** Refreshes a credential a remote server rejected (single-flight with the runner's refresh). */
  refreshCredential: (credential: UpstreamCredential) => Promise<void>;
  pool: UpstreamPool;
  logger: Logger;
  usage: UsageRecorder;
  routes: SessionRoutes;
  callTimeoutMs: number;
}

/**
 * The MCP server one client session talks to: the tools of every installation the token may use,
 * each named `<installation>__<tool>`, and calls routed to that installation's upstream server
 * (prompts and resources likewise, see prompts-and-resources.ts).
 * Listing re-reads visibility; calls use the session's cached routes, which the change watcher and
 * profile changes invalidate (the token itself is re-checked on every request).
 */
export function createSessionServer({
  pool,
  logger,
  usage,
  routes: sessionRoutes,
  callTimeoutMs,
  refreshCredential,
}: SessionServerOptions): Server {
  const server = new Server(
    { name: "switchboard", version: "1.0.0" },
    {
      capabilities: { tools: { listChanged: true }, prompts: { listChanged: true }, resources: { listChanged: true } },
    },
  );

  registerPromptsAndResources(server, {
    pool,
    routes: sessionRoutes,
    listTimeoutMs: Math.min(callTimeoutMs, 5_000),
    callTimeoutMs,
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const { installations, prefixes } = await sessionRoutes.reload();
    return {
      tools: installations.flatMap((installation) =>
        installation.tools.map((tool) => ({
          ...tool,
          name: `${prefixes.get(installation.id)}${SEPARATOR}${tool.name}`,
          description: `[${installation.name}] ${tool.description ?? ""}`.trim(),
        })),
      ),
    };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const route = (await sessionRoutes.current()).routes.get(request.params.name);
    if (!route) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const started = performance.now();
    const call = {
      principal: sessionRoutes.currentPrincipal,
      installationId: route.installationId,
      tool: route.toolName,
    };
    try {
      const progressToken = request.params._meta?.progressToken;
      const result = await callWithFreshCredential(pool, route.installationId, refreshCredential, (client) =>
        client.callTool({ name: route.toolName, arguments: request.params.arguments ?? {} }, undefined, {
          signal: extra.signal,
          timeout: callTimeoutMs,
          ...(progressToken !== undefined
            ? {
                onprogress: (progress) =>
                  void extra.sendNotification({
                    method: "notifications/progress",
                    params: { ...progress, progressToken },
                  }),
              }
            : {}),
        }),
      );
      usage.record({ ...call, durationMs: performance.now() - started, outcome: result.isError ? "tool_error" : "ok" });
      return result as CallToolResult;
    } catch (error) {
      const outcome = extra.signal.aborted
        ? "cancelled"
        : error instanceof McpError && error.code === ErrorCode.RequestTimeout
          ? "timeout"
          : "error";
      usage.record({
        ...call,
        durationMs: performance.now() - started,
        outcome,
        errorCode: error instanceof McpError ? String(error.code) : undefined,
      });
      if (outcome === "cancelled") throw error;
      if (error instanceof CredentialRefreshError && error.code === "needs_reauth") {
        return {
          isError: true,
          content: [
            { type: "text", text: "This connector needs re-authorization: open it in Switchboard and re-authorize." },
          ],
        };
      }
      if (outcome === "error") pool.drop(route.installationId);
      logger.warn({ installationId: route.installationId, tool: route.toolName, outcome }, "upstream call failed");
      return {
        isError: true,
        content: [
          {
            type: "text",
            text:
              outcome === "timeout"
                ? `The connector did not answer within ${callTimeoutMs / 1000} s.`
                : "The connector is not reachable right now. Try again shortly.",
          },
        ],
      };
    }
  });

  return server;
}
