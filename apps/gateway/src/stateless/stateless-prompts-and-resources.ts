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
import { messageOf } from "../sessions/relayed-error.ts";
import type { SessionUpstreams, VisibleUpstream } from "../sessions/session-upstreams.ts";
import { aggregatePromptsAndResources } from "../upstreams/aggregate-prompts-and-resources.ts";
import type { BoundRequestStates, RequestStateSeal } from "./request-state-seal.ts";
import { readRoundTripParams, sealRequestState } from "./round-trip-params.ts";

/** The aggregation throws the 1.x SDK's errors; the v2 server sends its own kind as JSON-RPC errors. */
async function answer<T>(operation: () => Promise<unknown>): Promise<T> {
  try {
    // The 1.x SDK types the upstream's JSON; the v2 server sends the same JSON.
    return (await operation()) as T;
  } catch (error) {
    if (error instanceof McpError) {
      throw new ProtocolError(error.code, messageOf(error), error.data);
    }
    throw error;
  }
}

/**
 * Prompts, resources, resource templates and completions of their arguments for a 2026-07-28
 * request: the same names and gateway URIs a 2025 session sees, from the same pooled upstream
 * connections.
 */
export function registerStatelessPromptsAndResources(
  server: Server,
  upstreams: SessionUpstreams,
  requestStates: RequestStateSeal,
): void {
  const aggregate = aggregatePromptsAndResources(upstreams);
  /**
   * The upstream `prefix` names (none: an unknown name) and the request states bound to it: one
   * read of the routes, so the request goes to the connector its state is bound to.
   */
  const bindStates = async (
    method: string,
    prefix: string | undefined,
    name: string,
  ): Promise<{ upstream: VisibleUpstream | undefined; states: BoundRequestStates }> => {
    const upstream = prefix === undefined ? undefined : await upstreams.byPrefix(prefix);
    const principal = upstreams.routes.currentPrincipal;
    return {
      upstream,
      states: requestStates.bind({ connectorId: upstream?.connectorId ?? "", principal, method, name }),
    };
  };
  server.setRequestHandler("prompts/list", () => answer<ListPromptsResult>(aggregate.listPrompts));
  server.setRequestHandler("prompts/get", (request, ctx) =>
    answer<GetPromptResult>(async () => {
      const { upstream, states } = await bindStates(
        "prompts/get",
        (await upstreams.naming()).splitName(request.params.name)?.prefix,
        request.params.name,
      );
      const roundTrip = readRoundTripParams(ctx, states);
      const result = await aggregate.getPrompt(request.params, ctx.mcpReq.signal, roundTrip, undefined, upstream);
      return sealRequestState(result, states);
    }),
  );
  server.setRequestHandler("resources/list", () => answer<ListResourcesResult>(aggregate.listResources));
  server.setRequestHandler("resources/templates/list", () =>
    answer<ListResourceTemplatesResult>(aggregate.listResourceTemplates),
  );
  server.setRequestHandler("resources/read", (request, ctx) =>
    answer<ReadResourceResult>(async () => {
      const { upstream, states } = await bindStates(
        "resources/read",
        (await upstreams.naming()).parseUri(request.params.uri)?.prefix,
        request.params.uri,
      );
      const roundTrip = readRoundTripParams(ctx, states);
      const result = await aggregate.readResource(request.params, ctx.mcpReq.signal, roundTrip, undefined, upstream);
      return sealRequestState(result, states);
    }),
  );
  server.setRequestHandler("completion/complete", (request, ctx) =>
    answer<CompleteResult>(() => completeFromUpstream(upstreams, request.params, ctx.mcpReq.signal)),
  );
}
