import { z } from "zod";
import { httpUrlSchema } from "../../schema/primitives.ts";

/**
 * The fields of an official MCP Registry `server.json` (schema 2025-09-29 and later, camelCase)
 * that map to Switchboard. Strict objects: `$schema`, `_meta`
 * and anything newer are kept in `extensions.registry` by `parseKeepingUnknown`.
 */
const inputFields = {
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  format: z.enum(["string", "number", "boolean", "filepath"]).optional(),
  default: z.string().optional(),
  choices: z.array(z.string()).optional(),
  placeholder: z.string().optional(),
  /** Fixed by the publisher; `{name}` refers to `variables`. */
  value: z.string().optional(),
};

const registryInputSchema = z.strictObject(inputFields);
const withVariables = { ...inputFields, variables: z.record(z.string(), registryInputSchema).optional() };
const keyValueInputSchema = z.strictObject({ ...withVariables, name: z.string().min(1) });

const argumentSchema = z.discriminatedUnion("type", [
  z.strictObject({
    ...withVariables,
    type: z.literal("positional"),
    valueHint: z.string().min(1).optional(),
    isRepeated: z.boolean().optional(),
  }),
  z.strictObject({
    ...withVariables,
    type: z.literal("named"),
    name: z.string().min(1),
    isRepeated: z.boolean().optional(),
  }),
]);

const httpTransport = { url: z.string().min(1), headers: z.array(keyValueInputSchema).optional() };

const packageSchema = z.strictObject({
  registryType: z.string().min(1),
  /** Where the package lives when not on the type's default registry (e.g. https://ghcr.io). */
  registryBaseUrl: httpUrlSchema.optional(),
  identifier: z.string().min(1),
  /** An `.mcpb` bundle's checksum. */
  fileSha256: z.string().optional(),
  version: z.string().min(1).optional(),
  runtimeHint: z.string().min(1).optional(),
  transport: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("stdio") }),
    z.strictObject({ type: z.literal("streamable-http"), ...httpTransport }),
    z.strictObject({ type: z.literal("sse"), ...httpTransport }),
  ]),
  runtimeArguments: z.array(argumentSchema).optional(),
  packageArguments: z.array(argumentSchema).optional(),
  environmentVariables: z.array(keyValueInputSchema).optional(),
});

const remoteSchema = z.strictObject({
  type: z.enum(["streamable-http", "sse"]),
  ...httpTransport,
  variables: z.record(z.string(), registryInputSchema).optional(),
});

export const registryServerSchema = z.strictObject({
  /** Reverse-DNS (`io.github.user/weather`) since 2025-09; older documents have plain names. */
  name: z.string().min(1).max(200),
  description: z.string().min(1),
  version: z.string().min(1),
  title: z.string().min(1).optional(),
  websiteUrl: httpUrlSchema.optional(),
  repository: z.strictObject({ url: httpUrlSchema }).optional(),
  icons: z.array(z.strictObject({ src: httpUrlSchema })).optional(),
  packages: z.array(packageSchema).optional(),
  remotes: z.array(remoteSchema).optional(),
});

export type RegistryServer = z.output<typeof registryServerSchema>;
export type RegistryPackage = z.output<typeof packageSchema>;
export type RegistryRemote = z.output<typeof remoteSchema>;
export type RegistryArgument = z.output<typeof argumentSchema>;
export type RegistryInput = z.output<typeof registryInputSchema>;
export type RegistryKeyValueInput = z.output<typeof keyValueInputSchema>;
