import type { PrismaClient } from "@switchboard/db";
import { createLocalJWKSet, jwtVerify, type JWK } from "jose";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import { toGatewayAudience } from "./gateway-resources.ts";
import { destroyGrant } from "./grant-consent.ts";

interface AccessTokenRevocationContext {
  prisma: PrismaClient;
  /** The provider's signing keys (their public halves verify its access tokens). */
  signingKeys: JWK[];
  issuer: string;
  gatewayUrl: string;
}

/**
 * RFC 7009 for the gateway's access tokens. They are JWTs, which oidc-provider does not revoke (it
 * answered unsupported_token_type), so a client signing out by revoking its access token left the
 * grant, its refresh token and the access token itself alive. Revoking one now ends its grant, as
 * the provider does when it revokes one of its own access or refresh tokens: the family's tokens
 * stop at the gateway on their next request. A token that is not valid, not this client's, or not
 * ours is answered 200 with nothing revoked (RFC 7009 §2.2). Provider middleware: it runs after the
 * revocation endpoint has authenticated the client and refused the JWT.
 */
export function revokeAccessTokenGrants(provider: Provider, context: AccessTokenRevocationContext): void {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the private members are left out
  const publicKeys = context.signingKeys.map(({ d, p, q, dp, dq, qi, ...publicKey }) => publicKey);
  const keys = createLocalJWKSet({ keys: publicKeys });
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const client = ctx.oidc?.client;
    const token = ctx.oidc?.params?.token;
    const refused = (ctx.body as { error?: string } | undefined)?.error === "unsupported_token_type";
    if (ctx.oidc?.route !== "revocation" || !refused || !client || typeof token !== "string") return;
    const claims = await jwtVerify(token, keys, { issuer: context.issuer, typ: "at+jwt" }).then(
      ({ payload }) => payload,
      () => undefined,
    );
    // The gateway's tokens: for its endpoint or one connector's endpoint below it.
    const ours = typeof claims?.aud === "string" && toGatewayAudience(claims.aud, context.gatewayUrl) === claims.aud;
    if (ours && claims?.client_id === client.clientId && typeof claims.grant_id === "string") {
      const grantId = claims.grant_id;
      await context.prisma.$transaction((tx) => destroyGrant(tx, grantId));
      provider.emit("grant.revoked", ctx, grantId);
    }
    ctx.status = 200;
    ctx.body = "";
  });
}
