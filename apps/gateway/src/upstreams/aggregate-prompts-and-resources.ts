import {
  ErrorCode,
  McpError,
  type GetPromptRequest,
  type GetPromptResult,
  type Prompt,
  type ReadResourceRequest,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from "@modelcontextprotocol/sdk/types.js";
import type { ClientInput } from "../sessions/client-input.ts";
import type { SessionUpstreams, VisibleUpstream } from "../sessions/session-upstreams.ts";
import { passOnClientMeta, withClientMeta } from "../tools/client-meta.ts";
import { fulfilSessionRequest } from "../tools/fulfil-input-required.ts";
import { toGatewayBlock } from "./gateway-resource-uris.ts";
import { listAllPages } from "./list-all-pages.ts";

/**
 * Prompts (named `<connector>__<prompt>`), resources and resource templates (URIs wrapped as
 * `switchboard://<connector>/…`; on a connector's own endpoint all as its server names them,
 * see ConnectorNaming) of every visible connector, listed live from the upstream
 * servers in parallel and routed per request like tools. Both client generations answer through
 * these: 2025 sessions and 2026-07-28 stateless requests see the same names and URIs.
 */
export function aggregatePromptsAndResources(upstreams: SessionUpstreams) {
  const { listTimeoutMs, callTimeoutMs } = upstreams;

  return {
    listPrompts: async (): Promise<{ prompts: Prompt[] }> => ({
      prompts: await upstreams.collect<Prompt>(({ use, prefix, name, naming }) =>
        use(async ({ client }) => {
          if (!client.getServerCapabilities()?.prompts) return [];
          const prompts = await listAllPages(async (cursor) => {
            const page = await client.listPrompts(cursor, { timeout: listTimeoutMs });
            return { items: page.prompts, nextCursor: page.nextCursor };
          });
          return prompts.map((prompt) => ({
            ...prompt,
            name: naming.promptName(prefix, prompt.name),
            ...(!naming.direct && { description: naming.label(name, prompt.description ?? "") }),
          }));
        }),
      ),
    }),

    /**
     * `roundTrip`: what a 2026-07-28 client's request carries for the upstream (see `ToolCall.roundTrip`);
     * without it, input the upstream asks for is asked of the session client (`clientInput`).
     * `upstream`: the one the prefix named when the request's state was bound to it, so the request
     * goes there even if the catalog changed since (otherwise looked up here).
     */
    async getPrompt(
      params: GetPromptRequest["params"],
      signal: AbortSignal,
      roundTrip?: Record<string, unknown>,
      clientInput?: ClientInput,
      upstream?: VisibleUpstream,
    ): Promise<GetPromptResult> {
      const target = (await upstreams.naming()).splitName(params.name);
      if (!target) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${params.name}`);
      const { use, naming } = upstream ?? (await upstreams.byPrefix(target.prefix));
      const { _meta: clientMeta, ...own } = params;
      const meta = passOnClientMeta(clientMeta);
      const send = (extraParams: Record<string, unknown> | undefined) =>
        use(
          ({ client }) =>
            client.getPrompt(withClientMeta({ ...own, ...extraParams, name: target.name }, meta) as typeof params, {
              signal,
              timeout: callTimeoutMs,
            }),
          signal,
        );
      const result = await (roundTrip ? send(roundTrip) : fulfilSessionRequest(send, clientInput, signal));
      // An input_required answer has no messages yet: it goes to the client as it came.
      if (result.resultType === "input_required") return result;
      return {
        ...result,
        messages: result.messages.map((message) => ({
          ...message,
          content: toGatewayBlock(naming, target.prefix, message.content),
        })),
      };
    },

    listResources: async (): Promise<{ resources: Resource[] }> => ({
      resources: await upstreams.collect<Resource>(({ use, prefix, name, naming }) =>
        use(async ({ client }) => {
          if (!client.getServerCapabilities()?.resources) return [];
          const resources = await listAllPages(async (cursor) => {
            const page = await client.listResources(cursor, { timeout: listTimeoutMs });
            return { items: page.resources, nextCursor: page.nextCursor };
          });
          return resources.map((resource) => ({
            ...resource,
            uri: naming.uri(prefix, resource.uri),
            name: naming.label(name, resource.name),
          }));
        }),
      ),
    }),

    listResourceTemplates: async (): Promise<{ resourceTemplates: ResourceTemplate[] }> => ({
      resourceTemplates: await upstreams.collect<ResourceTemplate>(({ use, prefix, name, naming }) =>
        use(async ({ client }) => {
          if (!client.getServerCapabilities()?.resources) return [];
          const resourceTemplates = await listAllPages(async (cursor) => {
            const page = await client.listResourceTemplates(cursor, { timeout: listTimeoutMs });
            return { items: page.resourceTemplates, nextCursor: page.nextCursor };
          });
          return resourceTemplates.map((template) => ({
            ...template,
            uriTemplate: naming.uriTemplate(prefix, template.uriTemplate),
            name: naming.label(name, template.name),
          }));
        }),
      ),
    }),

    // Reads of listed resources and of expanded templates alike: both are gateway URIs.
    async readResource(
      params: ReadResourceRequest["params"],
      signal: AbortSignal,
      roundTrip?: Record<string, unknown>,
      clientInput?: ClientInput,
      upstream?: VisibleUpstream,
    ): Promise<ReadResourceResult> {
      const target = (await upstreams.naming()).parseUri(params.uri);
      if (!target) throw new McpError(ErrorCode.InvalidParams, `Unknown resource: ${params.uri}`);
      const { use, naming } = upstream ?? (await upstreams.byPrefix(target.prefix));
      const { _meta: clientMeta, ...own } = params;
      const meta = passOnClientMeta(clientMeta);
      const send = (extraParams: Record<string, unknown> | undefined) =>
        use(
          ({ client }) =>
            client.readResource(withClientMeta({ ...own, ...extraParams, uri: target.uri }, meta) as typeof params, {
              signal,
              timeout: callTimeoutMs,
            }),
          signal,
        );
      const result = await (roundTrip ? send(roundTrip) : fulfilSessionRequest(send, clientInput, signal));
      // An input_required answer has no contents yet: it goes to the client as it came.
      if (result.resultType === "input_required") return result;
      return {
        ...result,
        contents: result.contents.map((content) => ({ ...content, uri: naming.uri(target.prefix, content.uri) })),
      };
    },
  };
}
