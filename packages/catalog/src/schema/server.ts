import { z } from "zod";
import {
  absolutePathSchema,
  envNameSchema,
  headerNameSchema,
  hostPatternSchema,
  httpUrlSchema,
  imageRefSchema,
  templatedHttpUrlSchema,
} from "./primitives.ts";

export const RUNTIMES = ["node", "python", "binary", "image"] as const;
export const REMOTE_TRANSPORTS = ["streamable-http", "sse"] as const;

export const localServerSchema = z.strictObject({
  type: z.literal("local"),
  /** Picks the default image; `image` means the image itself is the server. */
  runtime: z.enum(RUNTIMES),
  /** Overrides the runtime's default image; required for runtime `image`. */
  image: imageRefSchema.optional(),
  /** Absent only for runtime `image`, where the image's entrypoint runs with `args`. */
  command: z.string().min(1).optional(),
  args: z.array(z.string()).max(256).default([]),
  env: z.record(envNameSchema, z.string()).default({}),
  /**
   * An MCP bundle (`.mcpb`) the runner downloads, checks against `sha256` and unpacks at the
   * bundle directory (`${__dirname}`, /app) on top of the runtime's image before `command` runs.
   */
  bundle: z
    .strictObject({
      url: httpUrlSchema,
      sha256: z.string().regex(/^[0-9a-f]{64}$/, "expected a lower-case hex sha256"),
    })
    .optional(),
  /** Files written into the container (in memory, read-only): path -> template, e.g. a key file a flag points at. */
  files: z.record(absolutePathSchema, z.string()).optional(),
  /** Set when the server speaks Streamable HTTP on this port/path instead of stdio. */
  http: z
    .strictObject({
      port: z.int().min(1).max(65535),
      path: z
        .string()
        .regex(/^\/[^\s?#]*$/, "expected a URL path starting with /")
        .default("/mcp"),
    })
    .optional(),
  resources: z
    .strictObject({
      memoryMb: z.int().min(16).max(262144).optional(),
      cpus: z.number().min(0.01).max(256).optional(),
      pids: z.int().min(8).max(65536).optional(),
    })
    .optional(),
});

export const remoteServerSchema = z.strictObject({
  type: z.literal("remote"),
  /**
   * May contain `${user_config.key}`: percent-encoded in the path and query; in the host only when
   * the filled-in host is one of `allowedHosts`, since the host decides where tokens and the
   * admin's OAuth client go.
   */
  url: templatedHttpUrlSchema,
  /** Hosts (`host[:port]`, or `*.example.com` for any subdomain) a setting may put in the URL's host. */
  allowedHosts: z.array(hostPatternSchema).max(100).optional(),
  transport: z.enum(REMOTE_TRANSPORTS).default("streamable-http"),
  headers: z.record(headerNameSchema, z.string()).default({}),
});

export const serverSchema = z.discriminatedUnion("type", [localServerSchema, remoteServerSchema]);

export type LocalServer = z.output<typeof localServerSchema>;
export type RemoteServer = z.output<typeof remoteServerSchema>;
export type CatalogServer = z.output<typeof serverSchema>;
export type Runtime = LocalServer["runtime"];
export type RemoteTransport = RemoteServer["transport"];
