import {
  ProtocolError,
  type CompleteResult,
  type GetPromptResult,
  type ListPromptsResult,
  type ListResourcesResult,
  type ListResourceTemplatesResult,
  type ReadResourceResult,
  type Server,
} from "@modelcontextprotocol/server";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { completeFromUpstream } from "../sessions/completions.ts";
import type { SessionUpstreams } from "../sessions/session-upstreams.ts";
import { aggregatePromptsAndResources } from "../upstreams/aggregate-prompts-and-resources.ts";
import { readRoundTripParams } from "./round-trip-params.ts";

/** The aggregation throws the 1.x SDK's errors; the v2 server sends its own kind as JSON-RPC errors. */
async function answer<T>(operation: () => Promise<unknown>): Promise<T> {
  try {
    // The 1.x SDK types the upstream's JSON; the v2 server sends the same JSON.
    return (await operation()) as T;
  } catch (error) {
    if (error instanceof McpError) {
      throw new ProtocolError(error.code, error.message.replace(/^MCP error -?\d+: /, ""), error.data);
    }
    throw error;
  }
}

/**
 * Prompts, resources, resource templates and completions of their arguments for a 2026-07-28
 * request: the same names and gateway URIs a 2025 session sees, from the same pooled upstream
 * connections.
 */
export function registerStatelessPromptsAndResources(server: Server, upstreams: SessionUpstreams): void {
  const aggregate = aggregatePromptsAndResources(upstreams);
  server.setRequestHandler("prompts/list", () => answer<ListPromptsResult>(aggregate.listPrompts));
  server.setRequestHandler("prompts/get", (request, ctx) =>
    answer<GetPromptResult>(() => aggregate.getPrompt(request.params, ctx.mcpReq.signal, readRoundTripParams(ctx))),
  );
  server.setRequestHandler("resources/list", () => answer<ListResourcesResult>(aggregate.listResources));
  server.setRequestHandler("resources/templates/list", () =>
    answer<ListResourceTemplatesResult>(aggregate.listResourceTemplates),
  );
  server.setRequestHandler("resources/read", (request, ctx) =>
    answer<ReadResourceResult>(() =>
      aggregate.readResource(request.params, ctx.mcpReq.signal, readRoundTripParams(ctx)),
    ),
  );
  server.setRequestHandler("completion/complete", (request, ctx) =>
    answer<CompleteResult>(() => completeFromUpstream(upstreams, request.params, ctx.mcpReq.signal)),
  );
}
