import { describe, expect, it } from "vitest";
import {
  beginAuthorization,
  completeAuthorization,
  createStaticClient,
  discoverAuthorizationServer,
  fetchAuthorizationServerMetadata,
  refreshTokens,
  type AuthorizationServerMetadata,
} from "../src/index.ts";
import { createStubFetch } from "./stub-fetch.ts";

// A stand-in for Microsoft Entra ID (v2.0 endpoints), answering as learn.microsoft.com documents
// and as MCP clients have seen it answer:
// - "OpenID Connect on the Microsoft identity platform": the metadata of the multi-tenant
//   authorities /common and /organizations names the issuer https://login.microsoftonline.com/{tenantid}/v2.0,
//   and /consumers names the personal-accounts tenant 9188040d-6c67-4c5b-b112-36a304b66dad;
//   no code_challenge_methods_supported.
// - "Microsoft identity platform and OAuth 2.0 authorization code flow": scopes name the resource
//   (api://<app>/<scope>); a resource parameter beside them is refused with AADSTS9010010
//   (invalid_target; punkpeye/mcp-remote#217, microsoft/azure-devops-mcp#1511, microsoft/vscode#321249).
// - a refresh without scope is taken as the app asking a token for itself, AADSTS90009
//   (AzureAD/microsoft-authentication-library-for-js#5198, open-webui/open-webui#22356).
const LOGIN = "https://login.microsoftonline.com";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const API_SCOPE = "api://8c9e2f6a-0d1b-4c55-9a3e-2b7f1d0c4e11/user_impersonation";
const CLIENT = { clientId: "6731de76-14a6-49ae-97bc-6eba6914391e", clientSecret: "entra~secret.value_1", tokenEndpointAuthMethod: "client_secret_post" } as const; // prettier-ignore

function entraMetadata(authority: string, issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${LOGIN}/${authority}/oauth2/v2.0/authorize`,
    token_endpoint: `${LOGIN}/${authority}/oauth2/v2.0/token`,
    jwks_uri: `${LOGIN}/${authority}/discovery/v2.0/keys`,
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
  };
}

const invalidTarget = () =>
  Response.json(
    {
      error: "invalid_target",
      error_description:
        "AADSTS9010010: The resource parameter provided in the request doesn't match with the requested scopes.",
    },
    { status: 400 },
  );

/** The token endpoint: what it was asked is returned with the answer, for the test to read. */
function entraTokenEndpoint(seen: URLSearchParams[]) {
  return async (request: Request) => {
    const form = new URLSearchParams(await request.text());
    seen.push(form);
    if (form.has("resource")) return invalidTarget();
    if (form.get("grant_type") === "refresh_token" && !form.get("scope")) {
      return Response.json(
        {
          error: "invalid_request",
          error_description: `AADSTS90009: Application '${CLIENT.clientId}' is requesting a token for itself.`,
        },
        { status: 400 },
      );
    }
    return Response.json({
      token_type: "Bearer",
      scope: API_SCOPE,
      expires_in: 4437,
      ext_expires_in: 4437,
      access_token: `eyJ0eXAiOiJKV1Qi.${form.get("grant_type")}.entra-access`,
      refresh_token: `1.AXEA-${form.get("grant_type")}-entra-refresh`,
    });
  };
}

/** The stub fetch of this package's tests, with request-aware routes for the token endpoints. */
function entra() {
  const seen: URLSearchParams[] = [];
  const token = entraTokenEndpoint(seen);
  const documents: Record<string, unknown> = {};
  for (const authority of ["common", "organizations"]) {
    documents[`${LOGIN}/${authority}/v2.0/.well-known/openid-configuration`] = entraMetadata(
      authority,
      `${LOGIN}/{tenantid}/v2.0`,
    );
  }
  documents[`${LOGIN}/consumers/v2.0/.well-known/openid-configuration`] = entraMetadata(
    "consumers",
    `${LOGIN}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0`,
  );
  documents[`${LOGIN}/${TENANT}/v2.0/.well-known/openid-configuration`] = entraMetadata(
    TENANT,
    `${LOGIN}/${TENANT}/v2.0`,
  );
  const stub = createStubFetch(documents);
  const fetch = Object.assign(
    async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      return request.url.endsWith("/oauth2/v2.0/token") ? token(request) : stub.fetch(request);
    },
    { allowInsecureHttp: false },
  );
  return { fetch, seen };
}

/** Entra's authorization endpoint: a code back, or AADSTS9010010 when a resource came with the scopes. */
function answerAuthorization(authorizationUrl: string, state: string): URLSearchParams {
  const asked = new URL(authorizationUrl).searchParams;
  if (asked.has("resource")) {
    return new URLSearchParams({ error: "invalid_target", error_description: "AADSTS9010010", state });
  }
  return new URLSearchParams({ code: "0.AXEA-entra-code", state, session_state: "1d3c6a" });
}

async function signIn(authorizationServer: AuthorizationServerMetadata, fetch: ReturnType<typeof entra>["fetch"]) {
  const client = createStaticClient(CLIENT, authorizationServer);
  const { authorizationUrl, flowState } = await beginAuthorization({
    authorizationServer,
    client,
    redirectUri: "https://switchboard.example.com/oauth/callback",
    resource: "https://mcp.contoso.example/mcp",
    scopes: [API_SCOPE, "offline_access"],
  });
  const callback = answerAuthorization(authorizationUrl, flowState.state);
  const tokens = await completeAuthorization(flowState, callback, client, {
    authorizationServer,
    fetch,
    ignoreIdToken: true,
  });
  return { client, authorizationUrl, flowState, tokens };
}

describe("finding: Microsoft Entra's multi-tenant authorities were refused at discovery", () => {
  it("discovers /common and /organizations, whose metadata names the {tenantid} issuer, under the authority used", async () => {
    const { fetch } = entra();
    for (const authority of ["common", "organizations"]) {
      const identifier = `${LOGIN}/${authority}/v2.0`;
      const metadata = await discoverAuthorizationServer(identifier, { fetch });
      expect(metadata).toMatchObject({
        issuer: identifier,
        token_endpoint: `${LOGIN}/${authority}/oauth2/v2.0/token`,
        code_challenge_methods_supported: ["S256"],
      });
      // A catalog entry's well-known URL reaches the same.
      const viaUrl = await fetchAuthorizationServerMetadata(`${identifier}/.well-known/openid-configuration`, {
        fetch,
      });
      expect(viaUrl.issuer).toBe(identifier);
    }
    expect((await discoverAuthorizationServer(`${LOGIN}/consumers/v2.0`, { fetch })).issuer).toBe(
      `${LOGIN}/consumers/v2.0`,
    );
  });

  it("still refuses a tenant's metadata naming another tenant, and a {tenantid} issuer off Microsoft's hosts", async () => {
    const other = `${LOGIN}/0b1c2d3e-0000-4000-8000-000000000000/v2.0`;
    const wrongTenant = createStubFetch({
      [`${LOGIN}/${TENANT}/v2.0/.well-known/openid-configuration`]: entraMetadata(TENANT, other),
      [`${LOGIN}/common/v2.0/.well-known/openid-configuration`]: entraMetadata("common", other),
    });
    await expect(discoverAuthorizationServer(`${LOGIN}/${TENANT}/v2.0`, wrongTenant)).rejects.toMatchObject({
      code: "issuer_mismatch",
    });
    await expect(discoverAuthorizationServer(`${LOGIN}/common/v2.0`, wrongTenant)).rejects.toMatchObject({
      code: "issuer_mismatch",
    });
    const lookalike = "https://login.example.com";
    const templated = createStubFetch({
      [`${lookalike}/common/v2.0/.well-known/openid-configuration`]: {
        ...entraMetadata("common", `${lookalike}/{tenantid}/v2.0`),
        code_challenge_methods_supported: ["S256"],
      },
    });
    await expect(discoverAuthorizationServer(`${lookalike}/common/v2.0`, templated)).rejects.toMatchObject({
      code: "issuer_mismatch",
    });
  });
});

describe("finding: Entra v2 refuses the RFC 8707 resource beside scopes (AADSTS9010010)", () => {
  it("signs in through /organizations without a resource parameter, then refreshes with the granted scope", async () => {
    const { fetch, seen } = entra();
    const authorizationServer = await discoverAuthorizationServer(`${LOGIN}/organizations/v2.0`, { fetch });
    const { client, authorizationUrl, flowState, tokens } = await signIn(authorizationServer, fetch);
    expect(new URL(authorizationUrl).searchParams.get("scope")).toBe(`${API_SCOPE} offline_access`);
    expect(flowState.resource).toBeUndefined();
    expect(tokens).toMatchObject({ accessToken: expect.stringContaining("authorization_code"), scope: API_SCOPE });

    const refreshed = await refreshTokens(client, authorizationServer, tokens.refreshToken ?? "", {
      fetch,
      resource: "https://mcp.contoso.example/mcp",
      grantedScope: tokens.scope,
      ignoreIdToken: true,
    });
    expect(refreshed.accessToken).toContain("refresh_token");
    expect(seen.map((form) => [form.get("grant_type"), form.get("resource"), form.get("scope")])).toEqual([
      ["authorization_code", null, null],
      ["refresh_token", null, API_SCOPE],
    ]);
  });

  it("keeps the resource and the scope rules of every other provider as they were", async () => {
    const issuer = "https://auth.example.com";
    const other = {
      ...entraMetadata("common", issuer),
      authorization_endpoint: `${issuer}/oauth2/v2.0/authorize`,
      token_endpoint: `${issuer}/oauth2/v2.0/token`,
      code_challenge_methods_supported: ["S256"],
    };
    const client = createStaticClient(CLIENT, other);
    const { authorizationUrl, flowState } = await beginAuthorization({
      authorizationServer: other,
      client,
      redirectUri: "https://switchboard.example.com/oauth/callback",
      resource: "https://mcp.example.com/mcp",
      scopes: ["mcp"],
    });
    expect(new URL(authorizationUrl).searchParams.get("resource")).toBe("https://mcp.example.com/mcp");
    expect(flowState.resource).toBe("https://mcp.example.com/mcp");
    const seen: URLSearchParams[] = [];
    const fetch = Object.assign(
      async (input: string | URL | Request, init?: RequestInit) => {
        seen.push(new URLSearchParams(await new Request(input, init).text()));
        return Response.json({ access_token: "a", token_type: "bearer", expires_in: 60 });
      },
      { allowInsecureHttp: false },
    );
    await refreshTokens(client, other, "r", { fetch, resource: "https://mcp.example.com/mcp", grantedScope: "mcp" });
    expect([seen[0]?.get("resource"), seen[0]?.get("scope")]).toEqual(["https://mcp.example.com/mcp", null]);
  });
});
