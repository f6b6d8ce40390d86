import { describe, expect, it } from "vitest";
import {
  beginAuthorization,
  completeAuthorization,
  createStaticClient,
  discoverAuthorizationServer,
  fetchAuthorizationServerMetadata,
  refreshTokens,
  type AuthorizationServerMetadata,
} from "../index.ts";
import {
  createEntraStandIn as entra,
  ENTRA_API_SCOPE as API_SCOPE,
  ENTRA_LOGIN as LOGIN,
  ENTRA_TENANT as TENANT,
  entraMetadata,
  type EntraStandIn,
} from "../../test/entra-stand-in.ts";
import { createStubFetch } from "../../test/stub-fetch.ts";

const CLIENT = { clientId: "6731de76-14a6-49ae-97bc-6eba6914391e", clientSecret: "entra~secret.value_1", tokenEndpointAuthMethod: "client_secret_post" } as const; // prettier-ignore

async function signIn(authorizationServer: AuthorizationServerMetadata, { fetch, authorize }: EntraStandIn) {
  const client = createStaticClient(CLIENT, authorizationServer);
  const { authorizationUrl, flowState } = await beginAuthorization({
    authorizationServer,
    client,
    redirectUri: "https://switchboard.example.com/oauth/callback",
    resource: "https://mcp.contoso.example/mcp",
    scopes: [API_SCOPE, "offline_access"],
  });
  const callback = authorize(authorizationUrl);
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
    // Only the multi-tenant authorities have a templated issuer; a tenant's has no blank to fill.
    const blankTenant = createStubFetch({
      [`${LOGIN}/${TENANT}/v2.0/.well-known/openid-configuration`]: entraMetadata(TENANT, `${LOGIN}//v2.0`),
    });
    await expect(discoverAuthorizationServer(`${LOGIN}/${TENANT}/v2.0`, blankTenant)).rejects.toMatchObject({
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
    const standIn = entra();
    const { fetch, tokenRequests } = standIn;
    const authorizationServer = await discoverAuthorizationServer(`${LOGIN}/organizations/v2.0`, { fetch });
    const { client, authorizationUrl, flowState, tokens } = await signIn(authorizationServer, standIn);
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
    expect(tokenRequests.map((form) => [form.get("grant_type"), form.get("resource"), form.get("scope")])).toEqual([
      ["authorization_code", null, null],
      ["refresh_token", null, API_SCOPE],
    ]);
  });

  it("keeps the resource for Entra's v1 endpoints, which need it", async () => {
    const v1 = {
      issuer: `${LOGIN}/${TENANT}`,
      authorization_endpoint: `${LOGIN}/${TENANT}/oauth2/authorize`,
      token_endpoint: `${LOGIN}/${TENANT}/oauth2/token`,
    };
    const { authorizationUrl } = await beginAuthorization({
      authorizationServer: v1,
      client: createStaticClient(CLIENT, v1),
      redirectUri: "https://switchboard.example.com/oauth/callback",
      resource: "https://graph.windows.net",
    });
    expect(new URL(authorizationUrl).searchParams.get("resource")).toBe("https://graph.windows.net");
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
