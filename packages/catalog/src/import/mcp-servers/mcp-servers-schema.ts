import { z } from "zod";
import { httpUrlSchema, templatedHttpUrlSchema } from "../../schema/primitives.ts";

/** Claude Desktop / Cursor / Claude Code / MCPHub / VS Code / Copilot CLI servers; strict so extras are kept. */
const stringMap = z.record(z.string(), z.string());

export const stdioServerSchema = z.strictObject({
  /** `local` is Copilot CLI's name for stdio. */
  type: z.enum(["stdio", "local"]).optional(),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
});

export const remoteServerSchema = z.strictObject({
  /** `http` (Claude Code, VS Code), `streamable-http`/`streamableHttp`/`streamable_http` (others), `sse`; absent: guess from the URL. */
  type: z.enum(["http", "streamable-http", "streamableHttp", "streamable_http", "sse"]).optional(),
  url: templatedHttpUrlSchema,
  headers: stringMap.optional(),
  /** MCPHub's OAuth block (seeds): static client, explicit endpoints or dynamic registration. */
  oauth: z
    .strictObject({
      clientId: z.string().optional(),
      clientSecret: z.string().optional(),
      scopes: z.array(z.string()).optional(),
      authorizationEndpoint: httpUrlSchema.optional(),
      tokenEndpoint: httpUrlSchema.optional(),
      dynamicRegistration: z
        .strictObject({
          enabled: z.boolean().optional(),
          issuer: httpUrlSchema.optional(),
          initialAccessToken: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

const serversMap = z.record(z.string().min(1), z.record(z.string(), z.unknown()));

/** VS Code's prompts for `${input:id}`: `promptString`, or `pickString` with its options. */
export const inputSchema = z.looseObject({
  id: z.string().min(1),
  description: z.string().optional(),
  password: z.boolean().optional(),
  default: z.string().optional(),
  options: z
    .array(z.union([z.string(), z.looseObject({ value: z.string() })]))
    .transform((options) => options.map((option) => (typeof option === "string" ? option : option.value)))
    .optional(),
});

/**
 * `mcpServers` (most clients), `servers` + `inputs` (VS Code's mcp.json; in settings.json under
 * `mcp`; Opencode's `mcp`), `context_servers` (Zed's settings.json), `mcp_servers` (Codex's
 * config.toml), `extensions` (Goose's config.yaml) or `registry` (Docker's MCP catalog).
 */
export const mcpServersDocumentSchema = z.union([
  z.looseObject({ mcpServers: serversMap }),
  z.looseObject({ servers: serversMap, inputs: z.array(inputSchema).optional() }),
  z.looseObject({ context_servers: serversMap }),
  z.looseObject({ mcp_servers: serversMap }),
  z.looseObject({ extensions: serversMap }),
  z.looseObject({ registry: serversMap }),
]);

export interface McpServersDocument {
  mcpServers?: Record<string, Record<string, unknown>>;
  servers?: Record<string, Record<string, unknown>>;
  context_servers?: Record<string, Record<string, unknown>>;
  /** Codex's config.toml `[mcp_servers.name]`. */
  mcp_servers?: Record<string, Record<string, unknown>>;
  /** Goose's config.yaml extensions. */
  extensions?: Record<string, Record<string, unknown>>;
  /** Docker's MCP catalog (docker-mcp.yaml). */
  registry?: Record<string, Record<string, unknown>>;
  inputs?: ClientInputConfig[];
}
export type StdioServer = z.output<typeof stdioServerSchema>;
export type RemoteServerConfig = z.output<typeof remoteServerSchema>;
export type ClientInputConfig = z.output<typeof inputSchema>;
