import type { StoredClientRegistration } from "@switchboard/db/credentials";
import type { OAuthClient } from "@switchboard/oauth";
import { describe, expect, it } from "vitest";
import { isIssuerBound, toDynamicClient } from "./stored-client.ts";

describe("toDynamicClient", () => {
  it("keeps the issuer binding and every stored field of a dynamic registration", () => {
    const stored: StoredClientRegistration = {
      id: "reg-1",
      redirectUri: "https://switchboard.example.com/oauth/callback",
      issuer: "https://auth.example.com",
      clientId: "client-1",
      clientSecret: "secret-1",
      tokenEndpointAuthMethod: "client_secret_basic",
      redirectUris: ["https://switchboard.example.com/oauth/callback"],
      clientSecretExpiresAt: 0,
    };
    expect(toDynamicClient(stored)).toStrictEqual({
      clientId: "client-1",
      clientSecret: "secret-1",
      tokenEndpointAuthMethod: "client_secret_basic",
      registration: "dynamic",
      issuer: "https://auth.example.com",
      redirectUris: ["https://switchboard.example.com/oauth/callback"],
      clientSecretExpiresAt: 0,
    });
  });
});

describe("isIssuerBound", () => {
  const client: OAuthClient = { clientId: "client-1", tokenEndpointAuthMethod: "none", registration: "static" };

  it("is true only for a client that records its issuer", () => {
    expect(isIssuerBound({ ...client, issuer: "https://auth.example.com" })).toBe(true);
    expect(isIssuerBound(client)).toBe(false);
  });
});
