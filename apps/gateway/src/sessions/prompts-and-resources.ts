import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type Prompt,
  type Resource,
  type ResourceTemplate,
} from "@modelcontextprotocol/sdk/types.js";
import { parseGatewayUri, toGatewayUri, toGatewayUriTemplate } from "../http/gateway-uris.ts";
import type { SessionUpstreams } from "./session-upstreams.ts";
import { SEPARATOR, splitNamespacedName } from "../tools/tool-names.ts";

/**
 * Prompts (named `<installation>__<prompt>`), resources and resource templates (URIs wrapped as
 * `switchboard://<installation>/…`) of every visible installation, listed live from the upstream
 * servers in parallel and routed per request like tools.
 */
export function registerPromptsAndResources(server: Server, upstreams: SessionUpstreams): void {
  const { listTimeoutMs, callTimeoutMs } = upstreams;

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: await upstreams.collect<Prompt>(({ use, prefix, name }) =>
      use(async ({ client }) => {
        if (!client.getServerCapabilities()?.prompts) return [];
        const { prompts } = await client.listPrompts({}, { timeout: listTimeoutMs });
        return prompts.map((prompt) => ({
          ...prompt,
          name: `${prefix}${SEPARATOR}${prompt.name}`,
          description: `[${name}] ${prompt.description ?? ""}`.trim(),
        }));
      }),
    ),
  }));

  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const target = splitNamespacedName(request.params.name);
    if (!target) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    const { use } = await upstreams.byPrefix(target.prefix);
    return use(
      ({ client }) =>
        client.getPrompt({ ...request.params, name: target.name }, { signal: extra.signal, timeout: callTimeoutMs }),
      extra.signal,
    );
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: await upstreams.collect<Resource>(({ use, prefix, name }) =>
      use(async ({ client }) => {
        if (!client.getServerCapabilities()?.resources) return [];
        const { resources } = await client.listResources({}, { timeout: listTimeoutMs });
        return resources.map((resource) => ({
          ...resource,
          uri: toGatewayUri(prefix, resource.uri),
          name: `[${name}] ${resource.name}`,
        }));
      }),
    ),
  }));

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: await upstreams.collect<ResourceTemplate>(({ use, prefix, name }) =>
      use(async ({ client }) => {
        if (!client.getServerCapabilities()?.resources) return [];
        const { resourceTemplates } = await client.listResourceTemplates({}, { timeout: listTimeoutMs });
        return resourceTemplates.map((template) => ({
          ...template,
          uriTemplate: toGatewayUriTemplate(prefix, template.uriTemplate),
          name: `[${name}] ${template.name}`,
        }));
      }),
    ),
  }));

  // Reads of listed resources and of expanded templates alike: both are gateway URIs.
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const target = parseGatewayUri(request.params.uri);
    if (!target) throw new McpError(ErrorCode.InvalidParams, `Unknown resource: ${request.params.uri}`);
    const { use } = await upstreams.byPrefix(target.prefix);
    const result = await use(
      ({ client }) =>
        client.readResource({ ...request.params, uri: target.uri }, { signal: extra.signal, timeout: callTimeoutMs }),
      extra.signal,
    );
    return {
      ...result,
      contents: result.contents.map((content) => ({ ...content, uri: toGatewayUri(target.prefix, content.uri) })),
    };
  });
}
