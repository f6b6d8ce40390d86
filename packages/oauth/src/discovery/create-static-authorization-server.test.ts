import { describe, expect, it } from "vitest";
import { OAuthError } from "../errors.ts";
import { createStaticAuthorizationServer } from "./create-static-authorization-server.ts";

const endpoints = {
  authorizationEndpoint: "https://slack.com/oauth/v2/authorize",
  tokenEndpoint: "https://slack.com/api/oauth.v2.access",
};

describe("createStaticAuthorizationServer", () => {
  it("names the token endpoint's origin as issuer when none is configured", () => {
    expect(createStaticAuthorizationServer(endpoints)).toStrictEqual({
      issuer: "https://slack.com",
      authorization_endpoint: "https://slack.com/oauth/v2/authorize",
      token_endpoint: "https://slack.com/api/oauth.v2.access",
      switchboard_response_issuers: ["https://slack.com"],
    });
  });

  it("keeps a configured issuer and revocation endpoint", () => {
    expect(
      createStaticAuthorizationServer({
        ...endpoints,
        issuer: "https://issuer.slack.com",
        revocationEndpoint: "https://slack.com/api/auth.revoke",
      }),
    ).toStrictEqual({
      issuer: "https://issuer.slack.com",
      authorization_endpoint: "https://slack.com/oauth/v2/authorize",
      token_endpoint: "https://slack.com/api/oauth.v2.access",
      revocation_endpoint: "https://slack.com/api/auth.revoke",
    });
  });

  it("refuses endpoints that are not URLs with invalid_configuration", () => {
    for (const input of [
      { ...endpoints, tokenEndpoint: "not a url" },
      { ...endpoints, authorizationEndpoint: "/authorize" },
      { ...endpoints, revocationEndpoint: "revoke" },
    ]) {
      let caught: unknown;
      try {
        createStaticAuthorizationServer(input);
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(input)).toBeInstanceOf(OAuthError);
      expect(caught).toMatchObject({
        code: "invalid_configuration",
        message: "The provider's OAuth endpoints are not valid URLs.",
      });
    }
  });
});
