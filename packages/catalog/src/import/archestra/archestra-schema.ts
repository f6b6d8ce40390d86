import { z } from "zod";
import { httpUrlSchema } from "../../schema/primitives.ts";
import { USER_CONFIG_TYPES } from "../../schema/user-config-field.ts";

/**
 * The fields of an Archestra / DXT-style catalog entry that map to Switchboard. Objects are strict
 * so that every other field is caught by `parseKeepingUnknown` and kept in `extensions.archestra`.
 */
const stringMap = z.record(z.string(), z.string());
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const userConfigField = z.strictObject({
  type: z.enum(USER_CONFIG_TYPES),
  title: z.string().optional(),
  description: z.string().optional(),
  required: z.boolean().optional(),
  default: z.union([scalar, z.array(scalar)]).optional(),
  multiple: z.boolean().optional(),
  sensitive: z.boolean().optional(),
  /** Written to `/secrets/<key>` in the container instead of passed as env. */
  mounted: z.boolean().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

const launch = {
  /** Empty in a few scraped entries that have nothing to run; refused with that reason. */
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
};

const server = z.strictObject({
  /** `local`/`remote` in the catalog; `node`/`python`/`binary` in DXT manifests, and `uv` in MCPB 0.3+. */
  type: z.enum(["local", "remote", "node", "python", "binary", "uv"]).optional(),
  ...launch,
  /** DXT: how to start the bundled server, with `${__dirname}` for the bundle directory. */
  mcp_config: z.strictObject({ ...launch, command: z.string().min(1) }).optional(),
  url: httpUrlSchema.optional(),
  docs_url: httpUrlSchema.optional(),
  inject_file: stringMap.optional(),
  /** The image to run the command in (also set, redundantly, on `docker run` entries). */
  docker_image: z.string().nullable().optional(),
});

const oauthConfig = z.strictObject({
  server_url: httpUrlSchema.optional(),
  auth_server_url: httpUrlSchema.optional(),
  resource_metadata_url: httpUrlSchema.optional(),
  well_known_url: httpUrlSchema.optional(),
  token_endpoint: httpUrlSchema.optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  default_scopes: z.array(z.string()).optional(),
  generic_oauth: z.boolean().optional(),
  supports_resource_metadata: z.boolean().optional(),
  access_token_env_var: z.string().optional(),
  provider_name: z.string().optional(),
  streamable_http_url: httpUrlSchema.optional(),
  streamable_http_port: z.int().min(1).max(65535).optional(),
});

export const archestraEntrySchema = z.strictObject({
  name: z.string().min(1),
  display_name: z.string().optional(),
  description: z.string().optional(),
  version: z.string().optional(),
  author: z.strictObject({ name: z.string().min(1), url: httpUrlSchema.optional() }).optional(),
  category: z.string().nullable().optional(),
  keywords: z.array(z.string()).optional(),
  homepage: httpUrlSchema.optional(),
  documentation: httpUrlSchema.optional(),
  repository: z.strictObject({ url: httpUrlSchema }).optional(),
  icon: z.string().optional(),
  server: server.optional(),
  /** Older catalog format: remote servers had this plus `server.command: "remote"`. */
  remote_url: httpUrlSchema.optional(),
  user_config: z.record(z.string(), userConfigField).optional(),
  oauth_config: oauthConfig.nullable().optional(),
  archestra_config: z
    .strictObject({
      oauth: z
        .strictObject({ provider: z.string().nullable().optional(), required: z.boolean().optional() })
        .optional(),
    })
    .optional(),
});

export type ArchestraEntry = z.output<typeof archestraEntrySchema>;
export type ArchestraUserConfigField = z.output<typeof userConfigField>;
export type ArchestraServer = NonNullable<ArchestraEntry["server"]>;
export type ArchestraOAuthConfig = NonNullable<ArchestraEntry["oauth_config"]>;
