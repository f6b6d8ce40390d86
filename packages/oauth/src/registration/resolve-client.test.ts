import { describe, expect, it } from "vitest";
import { beginAuthorization } from "../authorization/begin-authorization.ts";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import { createGuardedFetch } from "../ssrf/guarded-fetch.ts";
import { refreshTokens } from "../tokens/refresh-tokens.ts";
import type { OAuthClient } from "../types.ts";
import { buildClientMetadataDocument } from "./client-metadata-document.ts";
import { createStaticClient } from "./create-static-client.ts";
import { resolveClient } from "./resolve-client.ts";

const base: AuthorizationServerMetadata = {
  issuer: "https://auth.example.com",
  authorization_endpoint: "https://auth.example.com/authorize",
  token_endpoint: "https://auth.example.com/token",
};
const metadata = { clientName: "Switchboard", redirectUris: ["https://sb.example.com/oauth/callback"] };
// Requests from these tests would fail: none of them may reach the network.
const fetch = createGuardedFetch({ timeoutMs: 1 });
const cimdUrl = "https://sb.example.com/oauth/client-metadata.json";
const stored: OAuthClient = {
  clientId: "dyn-1",
  clientSecret: "s",
  tokenEndpointAuthMethod: "client_secret_basic",
  registration: "dynamic",
  issuer: base.issuer,
  redirectUris: metadata.redirectUris,
};

describe("resolveClient", () => {
  it("prefers the admin-configured client", async () => {
    const { client } = await resolveClient({
      authorizationServer: { ...base, client_id_metadata_document_supported: true },
      staticClient: { clientId: "static", clientSecret: "secret" },
      clientMetadataDocumentUrl: cimdUrl,
      metadata,
      fetch,
    });
    expect(client).toMatchObject({
      clientId: "static",
      registration: "static",
      tokenEndpointAuthMethod: "client_secret_basic",
    });
  });

  it("uses the metadata document URL only where the server supports it", async () => {
    const supported = await resolveClient({
      authorizationServer: { ...base, client_id_metadata_document_supported: true },
      clientMetadataDocumentUrl: cimdUrl,
      registrations: { [base.issuer]: stored },
      metadata,
      fetch,
    });
    expect(supported.client).toEqual({
      clientId: cimdUrl,
      tokenEndpointAuthMethod: "none",
      registration: "metadata_document",
    });
    const unsupported = await resolveClient({
      authorizationServer: base,
      clientMetadataDocumentUrl: cimdUrl,
      registrations: { [base.issuer]: stored },
      metadata,
      fetch,
    });
    expect(unsupported.client).toBe(stored);
  });

  it("refuses a metadata document URL without a path", async () => {
    await expect(
      resolveClient({
        authorizationServer: { ...base, client_id_metadata_document_supported: true },
        clientMetadataDocumentUrl: "https://sb.example.com/",
        metadata,
        fetch,
      }),
    ).rejects.toMatchObject({ code: "invalid_configuration" });
  });

  it("never reuses another issuer's registration, and asks for an admin without DCR", async () => {
    await expect(
      resolveClient({
        authorizationServer: base,
        registrations: { "https://other.example.com": { ...stored, issuer: "https://other.example.com" } },
        metadata,
        fetch,
      }),
    ).rejects.toMatchObject({ code: "registration_unavailable" });
  });

  it("does not reuse a registration with an expired secret or other redirect URIs", async () => {
    for (const unusable of [
      { ...stored, clientSecretExpiresAt: 1 },
      { ...stored, redirectUris: ["https://old.example.com/cb"] },
    ]) {
      await expect(
        resolveClient({ authorizationServer: base, registrations: { [base.issuer]: unusable }, metadata, fetch }),
      ).rejects.toMatchObject({ code: "registration_unavailable" });
    }
  });
});

describe("createStaticClient", () => {
  it("picks the secret method the server supports", () => {
    const post = createStaticClient(
      { clientId: "c", clientSecret: "s" },
      { ...base, token_endpoint_auth_methods_supported: ["client_secret_post"] },
    );
    expect(post.tokenEndpointAuthMethod).toBe("client_secret_post");
    expect(createStaticClient({ clientId: "c", clientSecret: "s" }).tokenEndpointAuthMethod).toBe(
      "client_secret_basic",
    );
    expect(createStaticClient({ clientId: "c" }).tokenEndpointAuthMethod).toBe("none");
  });

  it("finding 1: binds the admin's client to its issuer, refused by any other server before a request", async () => {
    const client = createStaticClient({ clientId: "c", clientSecret: "s", issuer: "https://auth.example.com/" }, base);
    const redirectUri = "https://sb.example.com/oauth/callback";
    await expect(beginAuthorization({ authorizationServer: base, client, redirectUri })).resolves.toBeDefined();
    const attacker = { ...base, issuer: "https://evil.example", token_endpoint: "https://evil.example/token" };
    await expect(beginAuthorization({ authorizationServer: attacker, client, redirectUri })).rejects.toMatchObject({
      code: "issuer_mismatch",
    });
    await expect(refreshTokens(client, attacker, "refresh-token", { fetch })).rejects.toMatchObject({
      code: "issuer_mismatch",
    });
  });
});

describe("buildClientMetadataDocument", () => {
  it("names itself with its own URL", () => {
    expect(buildClientMetadataDocument(cimdUrl, { ...metadata, scope: "mcp" })).toEqual({
      client_id: cimdUrl,
      application_type: "web",
      client_name: "Switchboard",
      redirect_uris: metadata.redirectUris,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      scope: "mcp",
      token_endpoint_auth_method: "none",
    });
  });
});
