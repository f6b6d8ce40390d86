import type { PrismaClient } from "@switchboard/db";
import { GATEWAY_SCOPE, type GuardedFetch } from "@switchboard/oauth";
import type Provider from "oidc-provider";
import { errors, type KoaContextWithOIDC } from "oidc-provider";
import { AppError } from "@/server/errors.ts";
import { toGatewayAudience } from "./gateway-resources.ts";
import { describeClient } from "./describe-client.ts";
import { findSsoUser, grantIdJagAccess } from "./grant-id-jag-access.ts";
import { isFromMetadataDocument } from "./load-consent-request.ts";
import { spendIdJag } from "./spend-id-jag.ts";
import { createIdJagVerifier, IdentityProviderUnavailable, IdJagRejected } from "./verify-id-jag.ts";

export const JWT_BEARER_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** Advertised in `authorization_grant_profiles_supported` (the draft's section 7.2). */
export const ID_JAG_GRANT_PROFILE = "urn:ietf:params:oauth:grant-profile:id-jag";

export interface IdJagGrantOptions {
  /** The company SSO (OIDC_ISSUER): the only issuer whose ID-JAGs are trusted. */
  idpIssuer: string;
  /** Reaches the IdP's metadata and keys: the SSRF guard. */
  idpFetch: GuardedFetch;
  /** The admin switch (off by default), read on every exchange. */
  isEnabled: () => Promise<boolean>;
}

interface GrantContext extends IdJagGrantOptions {
  prisma: PrismaClient;
  /** Switchboard's issuer, normalized as the provider's. */
  issuer: string;
  /** The gateway, normalized. */
  gatewayUrl: string;
  /** The gateway's resource-server settings (audience, format, lifetime), as authorization codes get them. */
  gatewayResourceServer: ConstructorParameters<Provider["ResourceServer"]>[1];
}

/**
 * Enterprise-managed authorization (MCP's extension, draft-ietf-oauth-identity-assertion-authz-grant):
 * the RFC 7523 JWT bearer grant, accepting an ID-JAG from the company SSO and answering with an
 * access token exactly like the authorization code's (same audience, claims and consent check at
 * the gateway) but with no consent page and no refresh token: when it expires the client exchanges
 * a fresh ID-JAG, so the IdP's policy is asked again. Must be called before the provider's
 * `callback()` is built (the error mapping below is provider middleware).
 */
export function registerIdJagGrant(provider: Provider, context: GrantContext): void {
  const verify = createIdJagVerifier({
    idpIssuer: context.idpIssuer,
    fetch: context.idpFetch,
    audience: context.issuer,
    resource: context.gatewayUrl,
  });
  provider.use(answerUnauthorizedClient);
  provider.registerGrantType(
    JWT_BEARER_GRANT_TYPE,
    (ctx: KoaContextWithOIDC) => exchangeIdJag(ctx, provider, context, verify),
    ["assertion", "scope", "resource"],
  );
}

async function exchangeIdJag(
  ctx: KoaContextWithOIDC,
  provider: Provider,
  context: GrantContext,
  verify: ReturnType<typeof createIdJagVerifier>,
): Promise<void> {
  const { prisma, gatewayUrl } = context;
  // RFC 6749's answer for a grant the server does not accept; the grant type stays registered (and
  // advertised) so that switching it on needs no restart.
  if (!(await context.isEnabled())) {
    throw new errors.UnsupportedGrantType("enterprise-managed authorization (ID-JAG) is turned off on this server");
  }
  const client = ctx.oidc.client!;
  // A public client proves nothing by naming its client_id: a captured ID-JAG would work for anyone.
  if (client.tokenEndpointAuthMethod === "none") {
    throw new errors.UnauthorizedClient("only clients that authenticate at the token endpoint may exchange an ID-JAG");
  }
  const params = ctx.oidc.params as { assertion?: string; scope?: string; resource?: string };
  if (!params.assertion) throw new errors.InvalidRequest("missing required parameter 'assertion'");
  const requested = params.resource === undefined ? undefined : toGatewayAudience(params.resource, gatewayUrl);
  if (params.resource !== undefined && !requested) {
    throw new errors.InvalidTarget(
      `tokens are issued only for the gateway (${gatewayUrl}) and its connectors' endpoints (${gatewayUrl}/<connector>)`,
    );
  }
  if (params.scope !== undefined && !params.scope.split(" ").includes(GATEWAY_SCOPE)) {
    throw new errors.InvalidScope(`the only scope is ${GATEWAY_SCOPE}`, params.scope);
  }

  let claims;
  try {
    claims = await verify(params.assertion);
  } catch (error) {
    if (error instanceof IdJagRejected) throw invalidGrant(error.message);
    if (error instanceof IdentityProviderUnavailable) {
      throw Object.assign(
        new errors.CustomOIDCProviderError(
          "temporarily_unavailable",
          "The company SSO could not be reached; try again.",
        ),
        { status: 503, statusCode: 503 },
      );
    }
    throw error;
  }
  if (claims.client_id !== client.clientId) throw invalidGrant("The assertion was issued to another client.");
  // The token is for the resource the request and the assertion name (either may leave it out).
  if (requested && claims.resource && requested !== claims.resource) {
    throw invalidGrant("The assertion is for another resource than the request names.");
  }
  const audience = requested ?? claims.resource ?? gatewayUrl;
  if (claims.scope !== undefined && !claims.scope.split(" ").includes(GATEWAY_SCOPE)) {
    throw invalidGrant(`The assertion does not grant the ${GATEWAY_SCOPE} scope.`);
  }
  const user = await findSsoUser(prisma, claims.sub);
  if (!user) throw invalidGrant("The assertion's subject has no active Switchboard account signed in by company SSO.");
  if (!(await spendIdJag(prisma, claims))) throw invalidGrant("The assertion was already used.");

  const description = describeClient(client.metadata(), isFromMetadataDocument(client));
  const access = await grantIdJagAccess(prisma, provider, gatewayUrl, user.id, description).catch((error: unknown) => {
    // grantConsent's refusals (a client restricted to a team the user is not in) are user-safe.
    if (error instanceof AppError) throw invalidGrant(error.message);
    throw error;
  });
  await prisma.auditEvent.create({
    data: {
      actorUserId: user.id,
      action: "oauth_id_jag.granted",
      targetType: "oauth_consent",
      targetId: access.consentId,
      metadata: {
        clientId: client.clientId,
        clientName: description.name,
        idpIssuer: claims.iss,
        consentCreated: access.consentCreated,
      },
    },
  });

  const token = new provider.AccessToken({
    accountId: user.id,
    client,
    grantId: access.grantId,
    gty: "jwt_bearer",
    scope: GATEWAY_SCOPE,
    expiresWithSession: false,
  });
  token.resourceServer = new provider.ResourceServer(
    audience,
    audience === gatewayUrl ? context.gatewayResourceServer : { ...context.gatewayResourceServer, audience },
  );
  ctx.oidc.entity("AccessToken", token);
  const accessToken = await token.save();
  ctx.body = {
    access_token: accessToken,
    token_type: token.tokenType,
    expires_in: token.expiration,
    scope: GATEWAY_SCOPE,
  };
}

function invalidGrant(description: string) {
  return Object.assign(new errors.InvalidGrant(), { error_description: description });
}

/**
 * The provider answers `invalid_request` when a client uses a grant type it did not register;
 * RFC 6749 (5.2) calls that `unauthorized_client`. Only this grant's answers are rewritten.
 */
async function answerUnauthorizedClient(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  const client = ctx.oidc?.client;
  const body = ctx.body as { error?: string } | undefined;
  if (
    ctx.oidc?.route === "token" &&
    ctx.oidc.params?.grant_type === JWT_BEARER_GRANT_TYPE &&
    body?.error === "invalid_request" &&
    client &&
    !client.grantTypeAllowed(JWT_BEARER_GRANT_TYPE)
  ) {
    ctx.body = {
      error: "unauthorized_client",
      error_description: "This client is not registered for the JWT bearer grant (list it in its grant_types).",
    };
  }
}
