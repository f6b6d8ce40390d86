import { z } from "zod";
import { authSchema } from "./auth.ts";
import { checkEntry } from "./check-entry.ts";
import { httpUrlSchema, isHttpUrl, slugSchema, userConfigKeySchema } from "./primitives.ts";
import { serverSchema } from "./server.ts";
import { userConfigFieldSchema } from "./user-config-field.ts";

export const CATALOG_SCHEMA_VERSION = 1;
export const CATALOG_SOURCES = ["builtin", "developer", "custom"] as const;
export const IMPORT_FORMATS = ["archestra", "registry", "mcpServers"] as const;

const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\p{Emoji_Modifier}|\u200d|\ufe0f)+$/u;
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

export function isIcon(value: string): boolean {
  return isHttpUrl(value) || (value.length <= 16 && EMOJI.test(value) && PICTOGRAPH.test(value));
}

const catalogEntryObject = z.strictObject({
  schemaVersion: z.literal(CATALOG_SCHEMA_VERSION),
  /** Stable, unique slug: the key connectors and admin credentials refer to. */
  id: slugSchema,
  source: z.enum(CATALOG_SOURCES),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).default(""),
  icon: z.string().refine(isIcon, "expected an http(s) image URL or an emoji").optional(),
  category: z.string().min(1).max(100).optional(),
  tags: z.array(z.string().min(1).max(50)).max(50).default([]),
  publisher: z.strictObject({ name: z.string().min(1).max(200), url: httpUrlSchema.optional() }).optional(),
  homepage: httpUrlSchema.optional(),
  docsUrl: httpUrlSchema.optional(),
  repositoryUrl: httpUrlSchema.optional(),
  version: z.string().min(1).max(100).optional(),
  /** Where an imported entry came from, with its original name (e.g. `io.github.user/weather`). */
  origin: z.strictObject({ format: z.enum(IMPORT_FORMATS), name: z.string().min(1).max(300) }).optional(),
  server: serverSchema,
  userConfig: z.record(userConfigKeySchema, userConfigFieldSchema).default({}),
  auth: authSchema,
  /** Source fields with no Switchboard meaning, kept verbatim: format -> field path -> value. */
  extensions: z.record(z.string(), z.record(z.string(), z.json())).default({}),
});

export const catalogEntrySchema = catalogEntryObject.superRefine(checkEntry);

export type CatalogEntry = z.output<typeof catalogEntryObject>;
export type CatalogEntryInput = z.input<typeof catalogEntryObject>;
export type CatalogSource = CatalogEntry["source"];
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
