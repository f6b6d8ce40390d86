import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type Prompt,
  type Resource,
} from "@modelcontextprotocol/sdk/types.js";
import type { SessionRoutes } from "./session-routes.ts";
import { SEPARATOR } from "./tool-names.ts";
import type { UpstreamPool } from "./upstream-pool.ts";

export interface PromptsAndResourcesOptions {
  pool: UpstreamPool;
  routes: SessionRoutes;
  /** Budget for each upstream's list call; a slow or dead upstream is left out, never waited for. */
  listTimeoutMs: number;
  callTimeoutMs: number;
}

const RESOURCE_SCHEME = "switchboard:";

/** `switchboard://<prefix>/<upstream uri>`: routes a read back to its installation without a table. */
export function toGatewayUri(prefix: string, uri: string): string {
  return `${RESOURCE_SCHEME}//${prefix}/${encodeURIComponent(uri)}`;
}

export function parseGatewayUri(uri: string): { prefix: string; uri: string } | undefined {
  const match = /^switchboard:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) return undefined;
  try {
    return { prefix: match[1]!, uri: decodeURIComponent(match[2]!) };
  } catch {
    return undefined;
  }
}

/**
 * Prompts (named `<installation>__<prompt>`) and resources (URIs wrapped as
 * `switchboard://<installation>/…`) of every visible installation, listed live from the upstream
 * servers in parallel and routed per request like tools.
 */
export function registerPromptsAndResources(server: Server, options: PromptsAndResourcesOptions): void {
  const { pool, routes, listTimeoutMs, callTimeoutMs } = options;

  /** Runs `list` on every visible installation's upstream; failures and timeouts contribute nothing. */
  async function collect<T>(list: (client: Client, prefix: string, name: string) => Promise<T[]>): Promise<T[]> {
    const { installations, prefixes } = await routes.current();
    const results = await Promise.allSettled(
      installations.map(async (installation) =>
        list(await pool.get(installation.id), prefixes.get(installation.id)!, installation.name),
      ),
    );
    return results.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
  }

  async function installationFor(prefix: string): Promise<string> {
    const { prefixes } = await routes.current();
    for (const [installationId, candidate] of prefixes) if (candidate === prefix) return installationId;
    throw new McpError(ErrorCode.InvalidParams, `Unknown connector: ${prefix}`);
  }

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: await collect<Prompt>(async (client, prefix, name) => {
      if (!client.getServerCapabilities()?.prompts) return [];
      const { prompts } = await client.listPrompts({}, { timeout: listTimeoutMs });
      return prompts.map((prompt) => ({
        ...prompt,
        name: `${prefix}${SEPARATOR}${prompt.name}`,
        description: `[${name}] ${prompt.description ?? ""}`.trim(),
      }));
    }),
  }));

  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const separator = request.params.name.indexOf(SEPARATOR);
    if (separator < 1) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    const installationId = await installationFor(request.params.name.slice(0, separator));
    const client = await pool.get(installationId);
    return client.getPrompt(
      { ...request.params, name: request.params.name.slice(separator + SEPARATOR.length) },
      { signal: extra.signal, timeout: callTimeoutMs },
    );
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: await collect<Resource>(async (client, prefix, name) => {
      if (!client.getServerCapabilities()?.resources) return [];
      const { resources } = await client.listResources({}, { timeout: listTimeoutMs });
      return resources.map((resource) => ({
        ...resource,
        uri: toGatewayUri(prefix, resource.uri),
        name: `[${name}] ${resource.name}`,
      }));
    }),
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const target = parseGatewayUri(request.params.uri);
    if (!target) throw new McpError(ErrorCode.InvalidParams, `Unknown resource: ${request.params.uri}`);
    const client = await pool.get(await installationFor(target.prefix));
    const result = await client.readResource(
      { ...request.params, uri: target.uri },
      { signal: extra.signal, timeout: callTimeoutMs },
    );
    return {
      ...result,
      contents: result.contents.map((content) => ({ ...content, uri: toGatewayUri(target.prefix, content.uri) })),
    };
  });
}
