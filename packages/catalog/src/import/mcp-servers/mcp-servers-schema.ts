import { z } from "zod";
import { httpUrlSchema } from "../../schema/primitives.ts";

/** Claude Desktop / Cursor / Claude Code / MCPHub `mcpServers` entries; strict so extras are kept. */
const stringMap = z.record(z.string(), z.string());

export const stdioServerSchema = z.strictObject({
  type: z.literal("stdio").optional(),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
});

export const remoteServerSchema = z.strictObject({
  /** `http` (Claude Code, VS Code), `streamable-http`/`streamableHttp` (others), `sse`; absent: guess from the URL. */
  type: z.enum(["http", "streamable-http", "streamableHttp", "sse"]).optional(),
  url: httpUrlSchema,
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

export const mcpServersDocumentSchema = z.object({
  mcpServers: z.record(z.string().min(1), z.record(z.string(), z.unknown())),
});

export type StdioServer = z.output<typeof stdioServerSchema>;
export type RemoteServerConfig = z.output<typeof remoteServerSchema>;
