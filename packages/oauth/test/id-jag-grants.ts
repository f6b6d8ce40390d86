import { createPublicKey, createPrivateKey, randomUUID } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, SignJWT } from "jose";
import { errors } from "oidc-provider";
import type { TestGrant, TestProvider } from "./oidc-provider.ts";

const ID_JAG_TYPE = "oauth-id-jag+jwt";
const ID_JAG_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id-jag";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";

export interface IdJagPolicy {
  /** Per resource authorization server issuer, this platform's client ID there; others are denied. */
  clientIds: Record<string, string>;
  /** Scopes the IdP allows in an ID-JAG; requested ones outside it are dropped. */
  allowedScopes: string[];
}

/**
 * The company IdP's side (draft-ietf-oauth-identity-assertion-authz-grant §4.3): RFC 8693 token
 * exchange of an ID token this IdP issued to the calling client for an ID-JAG, signed with the
 * IdP's key, for an audience its policy allows. `idp()` is read per request: the provider is
 * created after its grants.
 */
export function createTokenExchangeGrant(idp: () => TestProvider, policy: IdJagPolicy): TestGrant {
  return {
    parameters: ["subject_token", "subject_token_type", "requested_token_type", "audience", "resource", "scope"],
    async handle(ctx) {
      const { issuer, signingKey } = idp();
      const params = ctx.oidc.params as Record<string, string | undefined>;
      if (params.requested_token_type !== ID_JAG_TOKEN_TYPE || params.subject_token_type !== ID_TOKEN_TYPE) {
        throw new errors.InvalidRequest("only ID tokens are exchanged, only for ID-JAGs");
      }
      const idToken = await jwtVerify(params.subject_token ?? "", createPublicKey({ key: signingKey, format: "jwk" }), {
        issuer,
        audience: ctx.oidc.client.clientId,
      }).catch(() => {
        throw new errors.InvalidGrant("the subject token is not a valid ID token for this client");
      });
      const clientId = policy.clientIds[params.audience ?? ""];
      if (!clientId || !params.resource) throw new errors.InvalidTarget("no access to this audience");
      const scope = (params.scope ?? "").split(" ").filter((value) => policy.allowedScopes.includes(value));
      const idJag = await new SignJWT({
        sub: idToken.payload.sub,
        client_id: clientId,
        resource: params.resource,
        ...(scope.length > 0 && { scope: scope.join(" ") }),
      })
        .setProtectedHeader({ alg: signingKey.alg, kid: signingKey.kid, typ: ID_JAG_TYPE })
        .setIssuer(issuer)
        .setAudience(params.audience ?? "")
        .setIssuedAt()
        .setExpirationTime("5m")
        .setJti(randomUUID())
        .sign(createPrivateKey({ key: signingKey, format: "jwk" }));
      ctx.body = {
        access_token: idJag,
        issued_token_type: ID_JAG_TOKEN_TYPE,
        token_type: "N_A",
        expires_in: 300,
        ...(scope.length > 0 && { scope: scope.join(" ") }),
      };
    },
  };
}

/**
 * The MCP server's authorization server side (§4.4): RFC 7523 JWT bearer grant redeeming an
 * ID-JAG signed by the trusted IdP (its JWKS fetched over HTTP), addressed to this server, issued
 * for the authenticated client. The access token is bound to the ID-JAG's resource, with the
 * requested scopes the ID-JAG allows.
 */
export function createJwtBearerGrant(resourceAs: () => TestProvider, trustedIdp: () => TestProvider): TestGrant {
  let idpKeys: ReturnType<typeof createRemoteJWKSet> | undefined;
  return {
    parameters: ["assertion", "scope", "resource"],
    async handle(ctx) {
      const { provider, issuer } = resourceAs();
      const params = ctx.oidc.params as Record<string, string | undefined>;
      idpKeys ??= createRemoteJWKSet(new URL(`${trustedIdp().issuer}/jwks`));
      const { payload } = await jwtVerify(params.assertion ?? "", idpKeys, {
        issuer: trustedIdp().issuer,
        audience: issuer,
        typ: ID_JAG_TYPE,
      }).catch(() => {
        throw new errors.InvalidGrant("the assertion is not an ID-JAG for this server");
      });
      const { client } = ctx.oidc;
      const resource = payload.resource;
      if (payload.client_id !== client.clientId) throw new errors.InvalidGrant("the ID-JAG names another client");
      if (typeof resource !== "string" || (params.resource !== undefined && params.resource !== resource)) {
        throw new errors.InvalidGrant("the ID-JAG is for another resource");
      }
      const allowed = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
      const scope = (params.scope ?? "")
        .split(" ")
        .filter((value) => allowed.includes(value))
        .join(" ");
      const accountId = String(payload.sub);
      const grant = new provider.Grant({ accountId, clientId: client.clientId });
      grant.addResourceScope(resource, scope);
      const accessToken = new provider.AccessToken({
        accountId,
        client,
        grantId: await grant.save(),
        gty: "jwt-bearer",
        scope,
      });
      accessToken.resourceServer = new provider.ResourceServer(resource, {
        scope,
        audience: resource,
        accessTokenFormat: "opaque",
      });
      ctx.body = {
        access_token: await accessToken.save(),
        token_type: "Bearer",
        expires_in: accessToken.expiration,
        ...(scope && { scope }),
      };
    },
  };
}
