import { z } from "zod";
import { absolutePathSchema, envNameSchema, scopeSchema, secureUrlSchema, slugSchema } from "./primitives.ts";

/** Parameters the OAuth engine sets itself; an entry may not override them. */
const RESERVED_AUTHORIZATION_PARAMS = new Set([
  "client_id",
  "code_challenge",
  "code_challenge_method",
  "redirect_uri",
  "resource",
  "response_type",
  "scope",
  "state",
]);

const authorizationParamsSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "expected a parameter name"), z.string().max(1000))
  .superRefine((params, ctx) => {
    for (const name of Object.keys(params)) {
      if (RESERVED_AUTHORIZATION_PARAMS.has(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `${name} is set by Switchboard's OAuth flow` });
      }
    }
  });

export const tokenDeliverySchema = z.discriminatedUnion("kind", [
  /** The access token in one environment variable (the seeds' `access_token_env_var`). */
  z.strictObject({ kind: z.literal("env"), accessTokenEnvVar: envNameSchema }),
  /** `Authorization: Bearer <token>` on every request to a remote or local HTTP server. */
  z.strictObject({ kind: z.literal("header") }),
  /** Credential files (the seeds' `inject_file`): path -> content template, written mode 0400. */
  z.strictObject({
    kind: z.literal("file"),
    files: z
      .record(absolutePathSchema, z.string().max(65536))
      .refine((files) => Object.keys(files).length > 0, "expected at least one file"),
  }),
]);

const oauthFields = {
  /** Every scope the entry knows of (shown to admins choosing allowed scopes). */
  scopes: z.array(scopeSchema).default([]),
  /** Scopes requested when an admin has not narrowed them. */
  defaultScopes: z.array(scopeSchema).default([]),
  /** Where the scopes are asked for: `user_scope` is Slack's for a user token (OAuth v2). Default `scope`. */
  scopeParameter: z.enum(["scope", "user_scope"]).optional(),
  /** Extra authorization request parameters, e.g. audience, prompt, access_type. */
  authorizationParams: authorizationParamsSchema.default({}),
  delivery: z
    .array(tokenDeliverySchema)
    .min(1)
    .default([{ kind: "header" }]),
};

/** Shares admin-managed client credentials between entries of one provider (e.g. `google`). */
const providerId = slugSchema;

export const authSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("none") }),
  /** Keys, tokens or passwords the member pastes: these secret settings are the credentials. */
  z.strictObject({ kind: z.literal("api_key"), fields: z.array(z.string()).min(1) }),
  /** Type 1: plain OAuth 2.0 with static endpoints and an admin-provided client. */
  z.strictObject({
    kind: z.literal("oauth2_generic"),
    providerId,
    authorizationUrl: secureUrlSchema,
    tokenUrl: secureUrlSchema,
    ...oauthFields,
  }),
  /** Type 2: MCP OAuth via authorization-server discovery (issuer or well-known URL), static client. */
  z.strictObject({
    kind: z.literal("mcp_oauth"),
    providerId: providerId.optional(),
    issuer: secureUrlSchema,
    discoveryUrl: secureUrlSchema.optional(),
    ...oauthFields,
  }),
  /** Type 3: remote server, RFC 9728 discovery from its URL, static client. */
  z.strictObject({
    kind: z.literal("remote_mcp_static"),
    providerId: providerId.optional(),
    resourceMetadataUrl: secureUrlSchema.optional(),
    authorizationServerUrl: secureUrlSchema.optional(),
    ...oauthFields,
  }),
  /** Type 4: remote server, RFC 9728 + RFC 8414 discovery and dynamic client registration. */
  z.strictObject({
    kind: z.literal("remote_mcp_dcr"),
    resourceMetadataUrl: secureUrlSchema.optional(),
    authorizationServerUrl: secureUrlSchema.optional(),
    ...oauthFields,
  }),
]);

export type CatalogAuth = z.output<typeof authSchema>;
export type AuthKind = CatalogAuth["kind"];
export type OAuthAuth = Extract<CatalogAuth, { delivery: unknown }>;
export type TokenDelivery = z.output<typeof tokenDeliverySchema>;

export const AUTH_KINDS = [
  "none",
  "api_key",
  "oauth2_generic",
  "mcp_oauth",
  "remote_mcp_static",
  "remote_mcp_dcr",
] as const satisfies readonly AuthKind[];

export function isOAuth(auth: CatalogAuth): auth is OAuthAuth {
  return "delivery" in auth;
}
