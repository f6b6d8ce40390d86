import { describe, expect, it } from "vitest";
import { createStubFetch as stubFetch } from "../../test/stub-fetch.ts";
import { discoverAuthorizationServer, fetchAuthorizationServerMetadata } from "./discover-authorization-server.ts";

const metadata = {
  issuer: "https://auth.example.com",
  authorization_endpoint: "https://auth.example.com/authorize",
  token_endpoint: "https://auth.example.com/token",
  code_challenge_methods_supported: ["S256"],
};

describe("discoverAuthorizationServer", () => {
  it("tries RFC 8414 first, then OpenID Connect, and returns the first metadata found", async () => {
    const { fetch, asked } = stubFetch({ "https://auth.example.com/.well-known/openid-configuration": metadata });
    await expect(discoverAuthorizationServer("https://auth.example.com", { fetch })).resolves.toStrictEqual(metadata);
    expect(asked()).toStrictEqual([
      "https://auth.example.com/.well-known/oauth-authorization-server",
      "https://auth.example.com/.well-known/openid-configuration",
    ]);
  });

  it("drops switchboard_response_issuers from a fetched document: a server may not widen the iss it is trusted with", async () => {
    const widened = { ...metadata, switchboard_response_issuers: ["https://accounts.google.com"] };
    const url = "https://auth.example.com/.well-known/oauth-authorization-server";
    const discovered = await discoverAuthorizationServer("https://auth.example.com", stubFetch({ [url]: widened }));
    expect(discovered).toStrictEqual(metadata);
  });

  it("refuses http: endpoints in metadata unless the fetch allows plain http", async () => {
    for (const field of ["authorization_endpoint", "token_endpoint"] as const) {
      const insecure = { ...metadata, [field]: metadata[field].replace("https:", "http:") };
      const url = "https://auth.example.com/.well-known/oauth-authorization-server";
      await expect(
        discoverAuthorizationServer("https://auth.example.com", stubFetch({ [url]: insecure })),
      ).rejects.toMatchObject({ code: "invalid_metadata", message: expect.stringContaining("not https") });
      await expect(
        discoverAuthorizationServer("https://auth.example.com", stubFetch({ [url]: insecure }, true)),
      ).resolves.toStrictEqual(insecure);
    }
  });

  it("finding: Microsoft Entra ID, which supports S256 but does not say so, is not refused", async () => {
    // Entra's metadata has no code_challenge_methods_supported (modelcontextprotocol/typescript-sdk#832,
    // anthropics/claude-ai-mcp#786); learn.microsoft.com "Microsoft identity platform and OAuth 2.0
    // authorization code flow" documents code_challenge_method=S256.
    const tenant = "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";
    const entra = {
      issuer: tenant,
      authorization_endpoint:
        "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/oauth2/v2.0/authorize",
      token_endpoint: "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/oauth2/v2.0/token",
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
    };
    const url = `${tenant}/.well-known/openid-configuration`;
    const discovered = await discoverAuthorizationServer(tenant, stubFetch({ [url]: entra }));
    expect(discovered).toMatchObject({ issuer: tenant, code_challenge_methods_supported: ["S256"] });
    // Only Microsoft's sign-in hosts: anyone else without the member is still refused.
    const lookalike = "https://login.microsoftonline.com.evil.example/t/v2.0";
    await expect(
      discoverAuthorizationServer(
        lookalike,
        stubFetch({ [`${lookalike}/.well-known/openid-configuration`]: { ...entra, issuer: lookalike } }),
      ),
    ).rejects.toMatchObject({ code: "pkce_unsupported" });
  });

  it("refuses non-http endpoints even when plain http is allowed", async () => {
    const url = "https://auth.example.com/.well-known/oauth-authorization-server";
    const odd = { ...metadata, token_endpoint: "ftp://auth.example.com/token" };
    await expect(
      discoverAuthorizationServer("https://auth.example.com", stubFetch({ [url]: odd }, true)),
    ).rejects.toMatchObject({ code: "invalid_metadata" });
  });

  it("refuses metadata without PKCE S256, naming another issuer, or malformed", async () => {
    const url = "https://auth.example.com/.well-known/oauth-authorization-server";
    const issuer = "https://auth.example.com";
    const noPkce = "The authorization server at auth.example.com does not advertise PKCE with S256.";
    const cases: [unknown, string, string][] = [
      [{ ...metadata, code_challenge_methods_supported: ["plain"] }, "pkce_unsupported", noPkce],
      [{ ...metadata, code_challenge_methods_supported: undefined }, "pkce_unsupported", noPkce],
      [
        { ...metadata, issuer: "https://evil.example.net" },
        "issuer_mismatch",
        "The metadata at auth.example.com names an issuer other than the one it was fetched for.",
      ],
      [
        { ...metadata, token_endpoint: 42 },
        "invalid_metadata",
        "The authorization server metadata at auth.example.com is invalid (token_endpoint).",
      ],
      ["not an object", "invalid_metadata", "The authorization server metadata at auth.example.com is invalid."],
    ];
    for (const [document, code, message] of cases) {
      await expect(discoverAuthorizationServer(issuer, stubFetch({ [url]: document }))).rejects.toMatchObject({
        code,
        message,
      });
    }
    await expect(discoverAuthorizationServer(issuer, stubFetch({}))).rejects.toMatchObject({
      code: "metadata_not_found",
      message: "auth.example.com publishes no authorization server metadata.",
    });
  });
});

describe("fetchAuthorizationServerMetadata", () => {
  it("derives the issuer from the well-known URL and reads the metadata there", async () => {
    const url = "https://auth.example.com/.well-known/openid-configuration";
    const { fetch, asked } = stubFetch({ [url]: metadata });
    await expect(fetchAuthorizationServerMetadata(url, { fetch })).resolves.toStrictEqual(metadata);
    expect(asked()).toStrictEqual([url]);
  });

  it("refuses a URL that is not a well-known metadata URL, and says what the server answered", async () => {
    const { fetch, asked } = stubFetch({});
    await expect(fetchAuthorizationServerMetadata("https://auth.example.com/meta", { fetch })).rejects.toMatchObject({
      code: "invalid_configuration",
      message: "The metadata URL is not a well-known authorization server URL.",
    });
    expect(asked()).toStrictEqual([]);
    await expect(
      fetchAuthorizationServerMetadata("https://auth.example.com/.well-known/oauth-authorization-server", { fetch }),
    ).rejects.toMatchObject({
      code: "metadata_not_found",
      message: "auth.example.com answered 404 for its metadata.",
      status: 404,
      retryable: false,
    });
  });

  it("marks a 5xx answer retryable", async () => {
    const fetch = Object.assign(async () => new Response("down", { status: 500 }), { allowInsecureHttp: false });
    await expect(
      fetchAuthorizationServerMetadata("https://auth.example.com/.well-known/oauth-authorization-server", { fetch }),
    ).rejects.toMatchObject({ code: "metadata_not_found", status: 500, retryable: true });
  });
});
