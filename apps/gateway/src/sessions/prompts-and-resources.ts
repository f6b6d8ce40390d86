import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import type { ClientInput } from "./client-input.ts";
import { aggregatePromptsAndResources } from "../upstreams/aggregate-prompts-and-resources.ts";
import { relayErrors } from "./relayed-error.ts";
import type { SessionUpstreams } from "./session-upstreams.ts";

/**
 * A session's prompts, resources and resource templates: those of every visible connector.
 * `clientInput` is how the session asks its client for input while it answers a request.
 */
export function registerPromptsAndResources(
  server: Server,
  upstreams: SessionUpstreams,
  clientInput: (requestId: RequestId) => ClientInput | undefined,
): void {
  const aggregate = aggregatePromptsAndResources(upstreams);
  server.setRequestHandler(ListPromptsRequestSchema, () => aggregate.listPrompts());
  server.setRequestHandler(GetPromptRequestSchema, (request, extra) =>
    relayErrors(() => aggregate.getPrompt(request.params, extra.signal, undefined, clientInput(extra.requestId))),
  );
  server.setRequestHandler(ListResourcesRequestSchema, () => aggregate.listResources());
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => aggregate.listResourceTemplates());
  server.setRequestHandler(ReadResourceRequestSchema, (request, extra) =>
    relayErrors(() => aggregate.readResource(request.params, extra.signal, undefined, clientInput(extra.requestId))),
  );
}
