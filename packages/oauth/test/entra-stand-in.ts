import type { GuardedFetch } from "../src/ssrf/guarded-fetch.ts";
import { createStubFetch } from "./stub-fetch.ts";

// A stand-in for Microsoft Entra ID (v2.0 endpoints), answering as learn.microsoft.com documents
// and as MCP clients have seen it answer. Entra is recognised by its host names, so it is reached
// through a fetch that answers for https://login.microsoftonline.com instead of the network:
// - "OpenID Connect on the Microsoft identity platform": the metadata of the multi-tenant
//   authorities /common and /organizations names the issuer https://login.microsoftonline.com/{tenantid}/v2.0,
//   and /consumers names the personal-accounts tenant 9188040d-6c67-4c5b-b112-36a304b66dad;
//   no code_challenge_methods_supported.
// - "Microsoft identity platform and OAuth 2.0 authorization code flow": scopes name the resource
//   (api://<app>/<scope>); a resource parameter beside them is refused with AADSTS9010010
//   (invalid_target; punkpeye/mcp-remote#217, microsoft/azure-devops-mcp#1511, microsoft/vscode#321249).
// - a refresh without scope is taken as the app asking a token for itself, AADSTS90009
//   (AzureAD/microsoft-authentication-library-for-js#5198, open-webui/open-webui#22356).
export const ENTRA_LOGIN = "https://login.microsoftonline.com";
export const ENTRA_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const ENTRA_API_SCOPE = "api://8c9e2f6a-0d1b-4c55-9a3e-2b7f1d0c4e11/user_impersonation";

export function entraMetadata(authority: string, issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${ENTRA_LOGIN}/${authority}/oauth2/v2.0/authorize`,
    token_endpoint: `${ENTRA_LOGIN}/${authority}/oauth2/v2.0/token`,
    jwks_uri: `${ENTRA_LOGIN}/${authority}/discovery/v2.0/keys`,
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
  };
}

export interface EntraStandIn {
  fetch: GuardedFetch;
  /** The forms the token endpoint received, in order. */
  tokenRequests: URLSearchParams[];
  /** The authorization endpoint: a code back, or AADSTS9010010 when a resource came with the scopes. */
  authorize(authorizationUrl: string): URLSearchParams;
}

/** Entra, plus any other documents `others` serves by exact URL (a protected resource's metadata). */
export function createEntraStandIn(others: Record<string, unknown> = {}): EntraStandIn {
  const tokenRequests: URLSearchParams[] = [];
  const documents: Record<string, unknown> = { ...others };
  for (const authority of ["common", "organizations"]) {
    const url = `${ENTRA_LOGIN}/${authority}/v2.0/.well-known/openid-configuration`;
    documents[url] = entraMetadata(authority, `${ENTRA_LOGIN}/{tenantid}/v2.0`);
  }
  documents[`${ENTRA_LOGIN}/consumers/v2.0/.well-known/openid-configuration`] = entraMetadata(
    "consumers",
    `${ENTRA_LOGIN}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0`,
  );
  documents[`${ENTRA_LOGIN}/${ENTRA_TENANT}/v2.0/.well-known/openid-configuration`] = entraMetadata(
    ENTRA_TENANT,
    `${ENTRA_LOGIN}/${ENTRA_TENANT}/v2.0`,
  );
  const stub = createStubFetch(documents);
  const token = async (request: Request) => {
    const form = new URLSearchParams(await request.text());
    tokenRequests.push(form);
    if (form.has("resource")) {
      const description =
        "AADSTS9010010: The resource parameter provided in the request doesn't match with the requested scopes.";
      return Response.json({ error: "invalid_target", error_description: description }, { status: 400 });
    }
    if (form.get("grant_type") === "refresh_token" && !form.get("scope")) {
      const description = `AADSTS90009: Application '${form.get("client_id") ?? ""}' is requesting a token for itself.`;
      return Response.json({ error: "invalid_request", error_description: description }, { status: 400 });
    }
    return Response.json({
      token_type: "Bearer",
      scope: ENTRA_API_SCOPE,
      expires_in: 4437,
      ext_expires_in: 4437,
      access_token: `eyJ0eXAiOiJKV1Qi.${form.get("grant_type")}.entra-access`,
      refresh_token: `1.AXEA-${form.get("grant_type")}-entra-refresh`,
    });
  };
  const fetch = Object.assign(
    async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      return request.url.endsWith("/oauth2/v2.0/token") ? token(request) : stub.fetch(request);
    },
    { allowInsecureHttp: false },
  );
  return {
    fetch,
    tokenRequests,
    authorize(authorizationUrl) {
      const asked = new URL(authorizationUrl).searchParams;
      const state = asked.get("state") ?? "";
      if (asked.has("resource")) {
        return new URLSearchParams({ error: "invalid_target", error_description: "AADSTS9010010", state });
      }
      return new URLSearchParams({ code: "0.AXEA-entra-code", state, session_state: "1d3c6a" });
    },
  };
}
