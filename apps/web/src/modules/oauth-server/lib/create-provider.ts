import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import { GATEWAY_SCOPE, normalizeIssuer, normalizeResource, type GuardedFetch } from "@switchboard/oauth";
import type { JWK } from "jose";
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { auditGrantRevocation } from "./audit-grant-revocation.ts";
import { ID_JAG_GRANT_PROFILE, registerIdJagGrant, type IdJagGrantOptions } from "./id-jag-grant.ts";
import { normalizeClientMetadata } from "./normalize-client-metadata.ts";
import { toGatewayAudience } from "./gateway-resources.ts";
import { createPrismaAdapter } from "./prisma-adapter.ts";
import { revokeAccessTokenGrants } from "./revoke-access-token-grants.ts";
import { ACCESS_TOKEN_ALG } from "./signing-keys.ts";

/** Where the provider's routes live under the issuer (the issuer itself is the bare public URL). */
export const OIDC_MOUNT_PATH = "/api/oidc";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const CLIENT_METADATA_DOCUMENT_MAX_BYTES = 5 * 1024;

export interface ProviderOptions {
  prisma: PrismaClient;
  secretBox: SecretBox;
  /** The web app's public URL (NEXTAUTH_URL), normalized here as the gateway normalizes it. */
  issuer: string;
  /** The gateway's MCP endpoint (normalized here): tokens are issued for it and its connectors' endpoints below it. */
  gatewayUrl: string;
  signingKeys: JWK[];
  /** Secret the interaction cookies are signed with (derived, never the raw application secret). */
  cookieSecret: string;
  /** Fetches Client ID Metadata Documents: the SSRF guard, with its own size and time limits. */
  metadataFetch: GuardedFetch;
  /** Tests shorten it; see REFRESH_REUSE_GRACE_SECONDS. */
  refreshReuseGraceSeconds?: number;
  /** OAUTH_SERVER_CLIENT_IDLE_DAYS in seconds; see REGISTERED_CLIENT_IDLE_SECONDS. */
  registeredClientIdleSeconds?: number;
  /** Failures of work done after a response (auditing a revoked grant). */
  onBackgroundError: (error: unknown) => void;
  /** Enterprise-managed authorization (ID-JAG) from the company SSO; absent without SSO. */
  idJag?: IdJagGrantOptions;
}

/**
 * Every authorization is for the gateway, so it asks for the gateway's one scope whatever else the
 * client named: MCP clients leave `scope` out (the conformance suite does), ask for `openid` alone or
 * an invented `mcp:tools`. Without it the provider would grant nothing (access_denied) or issue a
 * gateway token naming no scope.
 */
function askForGatewayScope(ctx: KoaContextWithOIDC, scope: string | undefined) {
  const scopes = (scope ?? "").split(" ").filter(Boolean);
  if (!scopes.includes(GATEWAY_SCOPE)) ctx.oidc.params!.scope = [...scopes, GATEWAY_SCOPE].join(" ");
}

/**
 * Switchboard's authorization server for its own gateway, built on oidc-provider (certified, and
 * already implementing Client ID Metadata Documents, resource indicators, refresh rotation and DCR).
 * Every authorization goes through the web app's sign-in and consent (see `handle-interaction.ts`).
 */
export function createProvider(options: ProviderOptions): Provider {
  const { prisma } = options;
  const gatewayUrl = normalizeResource(options.gatewayUrl);
  const policy = interactionPolicy.base();
  // The provider's own session cookie could outlive the web session or belong to another user of
  // the browser, so every authorization asks web who is signed in; a remembered consent makes that
  // a redirect without a page.
  policy
    .get("login")
    ?.checks.add(
      new interactionPolicy.Check("web_session", "the web session confirms the user on every authorization", (ctx) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  const gatewayResourceServer = {
    scope: GATEWAY_SCOPE,
    audience: gatewayUrl,
    accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
    accessTokenFormat: "jwt",
    jwt: { sign: { alg: ACCESS_TOKEN_ALG } },
  } as const;

  const configuration: Configuration = {
    adapter: createPrismaAdapter(
      prisma,
      options.secretBox,
      options.refreshReuseGraceSeconds,
      options.registeredClientIdleSeconds,
    ),
    jwks: { keys: options.signingKeys as never },
    cookies: { keys: [options.cookieSecret] },
    scopes: ["openid", "offline_access", GATEWAY_SCOPE],
    claims: { openid: ["sub"] },
    clientDefaults: {
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      id_token_signed_response_alg: ACCESS_TOKEN_ALG,
    },
    extraClientMetadata: normalizeClientMetadata,
    // The provider runs this on every authorization request, a pushed one (PAR) included, once it
    // has assembled the parameters from the query, the form or the pushed request.
    extraParams: { scope: askForGatewayScope },
    // OAuth 2.1: the authorization code flow only, with PKCE S256 (the provider's only method) always.
    responseTypes: ["code"],
    pkce: { required: () => true },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${OIDC_MOUNT_PATH}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      clientIdMetadataDocument: { enabled: true, ack: "draft-02" } as never,
      resourceIndicators: {
        enabled: true,
        defaultResource: () => gatewayUrl,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          const audience = toGatewayAudience(resourceIndicator, gatewayUrl);
          if (!audience) {
            throw new errors.InvalidTarget(
              `tokens are issued only for the gateway (${gatewayUrl}) and its connectors' endpoints (${gatewayUrl}/<connector>)`,
            );
          }
          return audience === gatewayUrl ? gatewayResourceServer : { ...gatewayResourceServer, audience };
        },
      },
    },
    // A client that asked for the refresh grant gets refresh tokens without `offline_access` and a
    // forced consent prompt (what MCP clients expect); they rotate on every use.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    expiresWithSession: () => false,
    // The gateway finds the consent (and so the user's choice of connectors) by the grant.
    extraTokenClaims: (_ctx, token) => ("grantId" in token ? { grant_id: token.grantId } : undefined),
    findAccount: async (_ctx, accountId) => {
      const user = await prisma.user.findFirst({ where: { id: accountId, disabledAt: null }, select: { id: true } });
      return user ? { accountId: user.id, claims: () => ({ sub: user.id }) } : undefined;
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      RefreshToken: REFRESH_TOKEN_TTL_SECONDS,
      Interaction: 10 * 60,
      Session: 10 * 60,
      Grant: 365 * 24 * 60 * 60,
    },
    // Only what the request needs: the provider's own dispatcher would bypass the SSRF guard.
    fetch: (input, init) =>
      options.metadataFetch(input, {
        method: init?.method ?? "GET",
        headers: init?.headers ?? {},
        redirect: "manual",
        ...(init?.signal ? { signal: init.signal } : {}),
      }),
    fetchResponseBodyLimits: { "client_id metadata document": CLIENT_METADATA_DOCUMENT_MAX_BYTES },
    ...(options.idJag && { discovery: { authorization_grant_profiles_supported: [ID_JAG_GRANT_PROFILE] } }),
    renderError: (ctx, out) => {
      ctx.type = "json";
      ctx.body = out;
    },
  };
  const issuer = normalizeIssuer(options.issuer);
  const provider = new Provider(issuer, configuration);
  revokeAccessTokenGrants(provider, { prisma, signingKeys: options.signingKeys, issuer, gatewayUrl });
  if (options.idJag) {
    registerIdJagGrant(provider, { ...options.idJag, prisma, issuer, gatewayUrl, gatewayResourceServer });
  }
  provider.on("grant.revoked", (ctx: KoaContextWithOIDC, grantId: string) => {
    auditGrantRevocation(prisma, grantId, ctx.oidc.route).catch(options.onBackgroundError);
  });
  // URLs are built from the issuer: the bridge sets the forwarded host and scheme from it.
  provider.proxy = true;
  return provider;
}
