import type { GuardedFetch } from "@switchboard/oauth";
import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { z } from "zod";
import { toGatewayAudience } from "./gateway-resources.ts";

export const ID_JAG_TYP = "oauth-id-jag+jwt";

export interface IdJagVerifierOptions {
  /** The company SSO (OIDC_ISSUER): the only issuer whose ID-JAGs are trusted. */
  idpIssuer: string;
  /** Reaches the IdP's metadata and keys: the SSRF guard. */
  fetch: GuardedFetch;
  /** Switchboard's issuer: the ID-JAG's `aud`. */
  audience: string;
  /** The gateway (normalized): the ID-JAG's `resource`, when it names one, is it or one connector's endpoint below it. */
  resource: string;
}

export interface IdJagClaims {
  iss: string;
  sub: string;
  jti: string;
  exp: number;
  client_id: string;
  scope: string | undefined;
  /** The gateway resource it names (its endpoint or one connector's, normalized); undefined if none. */
  resource: string | undefined;
}

/** The assertion is not one Switchboard accepts: the token endpoint answers `invalid_grant`. */
export class IdJagRejected extends Error {
  override readonly name = "IdJagRejected";
}

/** The IdP's metadata or keys could not be read: nothing the client did wrong. */
export class IdentityProviderUnavailable extends Error {
  override readonly name = "IdentityProviderUnavailable";
}

const openIdConfigurationSchema = z.object({ issuer: z.string(), jwks_uri: z.url() });
// What enterprise IdPs sign with; never `none` or a MAC (the key would be shared with the IdP's clients).
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
// Assertions live minutes (5 at common IdPs); older ones are refused even if their `exp` says otherwise.
const MAX_ASSERTION_AGE = "1h";
export const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Verifies Identity Assertion JWT Authorization Grants (draft-ietf-oauth-identity-assertion-authz-grant)
 * from the company SSO: signature by the IdP's published keys (found by OpenID discovery, fetched
 * through the SSRF guard, cached and re-read on an unknown `kid` by jose), `typ`, `iss`, `aud`,
 * expiry and age, the claims Switchboard needs, and a `resource`, when present, that is the gateway.
 */
export function createIdJagVerifier(options: IdJagVerifierOptions) {
  let keys: Promise<{ issuer: string; getKey: ReturnType<typeof createRemoteJWKSet> }> | undefined;

  function loadKeys() {
    keys ??= discoverKeys(options).catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return keys;
  }

  return async function verifyIdJag(assertion: string): Promise<IdJagClaims> {
    const { issuer, getKey } = await loadKeys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(assertion, getKey, {
        typ: ID_JAG_TYP,
        issuer,
        audience: options.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ["sub", "jti", "exp", "iat", "client_id"],
        maxTokenAge: MAX_ASSERTION_AGE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWKSTimeout) throw new IdentityProviderUnavailable("its keys timed out");
      if (error instanceof joseErrors.JOSEError) throw new IdJagRejected(describeJoseError(error));
      throw new IdentityProviderUnavailable("its keys could not be read", { cause: error });
    }
    const { resource, client_id: clientId, scope } = payload;
    if (typeof clientId !== "string") throw new IdJagRejected("The assertion's client_id is not a string.");
    if (scope !== undefined && typeof scope !== "string")
      throw new IdJagRejected("The assertion's scope is not a string.");
    const audience = typeof resource === "string" ? toGatewayAudience(resource, options.resource) : undefined;
    if (resource !== undefined && !audience) {
      throw new IdJagRejected(
        `The assertion is for another resource; this server issues tokens only for ${options.resource} and its connectors' endpoints.`,
      );
    }
    return {
      iss: issuer,
      sub: String(payload.sub),
      jti: String(payload.jti),
      exp: Number(payload.exp),
      client_id: clientId,
      scope,
      resource: audience,
    };
  };
}

/** What next-auth reads for SSO sign-in, so both trust the same issuer and keys. */
async function discoverKeys({ idpIssuer, fetch }: IdJagVerifierOptions) {
  const url = `${idpIssuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  let metadata: z.infer<typeof openIdConfigurationSchema>;
  try {
    const response = await fetch(url, { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`its metadata answered ${response.status}`);
    metadata = openIdConfigurationSchema.parse(await response.json());
  } catch (error) {
    throw new IdentityProviderUnavailable("its metadata could not be read", { cause: error });
  }
  if (metadata.issuer.replace(/\/$/, "") !== idpIssuer.replace(/\/$/, "")) {
    throw new IdentityProviderUnavailable(`its metadata names another issuer (${metadata.issuer})`);
  }
  const getKey = createRemoteJWKSet(new URL(metadata.jwks_uri), {
    [customFetch]: (input, init) =>
      fetch(input, { headers: init.headers, method: init.method, redirect: init.redirect, signal: init.signal }),
  });
  return { issuer: metadata.issuer, getKey };
}

/** Says which check failed, never the assertion itself. */
function describeJoseError(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return "The assertion has expired.";
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return `The assertion's ${error.claim} claim is not acceptable (${error.reason}).`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
    return "The assertion is not signed by the company SSO.";
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "The assertion's signing algorithm is not accepted.";
  return "The assertion is not a valid ID-JAG.";
}
