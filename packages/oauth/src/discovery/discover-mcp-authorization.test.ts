import { describe, expect, it } from "vitest";
import { createStubFetch } from "../../test/stub-fetch.ts";
import { OAuthError } from "../errors.ts";
import { discoverMcpAuthorization } from "./discover-mcp-authorization.ts";

function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    code_challenge_methods_supported: ["S256"],
  };
}

const first = "https://first.example.com";
const second = "https://second.example.com";
const resourceMetadata = {
  resource: "https://mcp.example.com/mcp",
  authorization_servers: [first, second],
};
const pathInserted = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";

describe("discoverMcpAuthorization", () => {
  it("uses the resource metadata's identifier and its first usable authorization server", async () => {
    const { fetch, asked } = createStubFetch({
      [pathInserted]: resourceMetadata,
      [`${first}/.well-known/oauth-authorization-server`]: authorizationServerMetadata(first),
      [`${second}/.well-known/oauth-authorization-server`]: authorizationServerMetadata(second),
    });
    await expect(discoverMcpAuthorization("https://mcp.example.com/mcp/", { fetch })).resolves.toStrictEqual({
      resource: "https://mcp.example.com/mcp",
      protectedResource: resourceMetadata,
      authorizationServers: [first, second],
      authorizationServer: authorizationServerMetadata(first),
    });
    expect(asked()).toStrictEqual([pathInserted, `${first}/.well-known/oauth-authorization-server`]);
  });

  it("fetches the challenge's resource_metadata URL first", async () => {
    const challenged = "https://mcp.example.com/custom-metadata";
    const { fetch, asked } = createStubFetch({
      [challenged]: resourceMetadata,
      [`${first}/.well-known/oauth-authorization-server`]: authorizationServerMetadata(first),
    });
    const discovery = await discoverMcpAuthorization("https://mcp.example.com/mcp", {
      fetch,
      challenge: { resourceMetadata: challenged },
    });
    expect(discovery.authorizationServer.issuer).toBe(first);
    expect(asked()[0]).toBe(challenged);
  });

  it("tries preferred issuers first and keeps the resource's order among the rest", async () => {
    const third = "https://third.example.com";
    const { fetch, asked } = createStubFetch({
      [pathInserted]: { ...resourceMetadata, authorization_servers: [first, second, third] },
      [`${third}/.well-known/oauth-authorization-server`]: authorizationServerMetadata(third),
    });
    const discovery = await discoverMcpAuthorization("https://mcp.example.com/mcp", {
      fetch,
      preferredIssuers: [third, "https://unlisted.example.com"],
    });
    expect(discovery.authorizationServer.issuer).toBe(third);
    expect(discovery.authorizationServers).toStrictEqual([first, second, third]);
    expect(asked()[1]).toBe(`${third}/.well-known/oauth-authorization-server`);

    const unpreferred = createStubFetch({
      [pathInserted]: { ...resourceMetadata, authorization_servers: [first, second, third] },
      [`${second}/.well-known/oauth-authorization-server`]: authorizationServerMetadata(second),
    });
    await discoverMcpAuthorization("https://mcp.example.com/mcp", { fetch: unpreferred.fetch });
    expect(unpreferred.asked().filter((url) => url.includes("oauth-authorization-server"))).toStrictEqual([
      `${first}/.well-known/oauth-authorization-server`,
      `${second}/.well-known/oauth-authorization-server`,
    ]);
  });

  it("tries each issuer once, a preferred one first", async () => {
    const { fetch, asked } = createStubFetch({ [pathInserted]: resourceMetadata });
    await expect(
      discoverMcpAuthorization("https://mcp.example.com/mcp", { fetch, preferredIssuers: [second] }),
    ).rejects.toMatchObject({ code: "metadata_not_found", message: expect.stringContaining("second.example.com") });
    expect(asked().slice(1)).toStrictEqual([
      `${second}/.well-known/oauth-authorization-server`,
      `${second}/.well-known/openid-configuration`,
      `${first}/.well-known/oauth-authorization-server`,
      `${first}/.well-known/openid-configuration`,
    ]);
  });

  it("falls back to the server's origin and canonical URI without resource metadata", async () => {
    const origin = "https://mcp.example.com";
    const { fetch } = createStubFetch({
      [`${origin}/.well-known/oauth-authorization-server`]: authorizationServerMetadata(origin),
    });
    await expect(discoverMcpAuthorization("https://MCP.example.com/mcp/?tenant=a", { fetch })).resolves.toStrictEqual({
      resource: "https://mcp.example.com/mcp?tenant=a",
      protectedResource: undefined,
      authorizationServers: [origin],
      authorizationServer: authorizationServerMetadata(origin),
    });
  });

  it("skips an authorization server whose metadata is unusable", async () => {
    const { fetch } = createStubFetch({
      [pathInserted]: resourceMetadata,
      [`${first}/.well-known/oauth-authorization-server`]: {
        ...authorizationServerMetadata(first),
        code_challenge_methods_supported: ["plain"],
      },
      [`${second}/.well-known/oauth-authorization-server`]: authorizationServerMetadata(second),
    });
    const discovery = await discoverMcpAuthorization("https://mcp.example.com/mcp", { fetch });
    expect(discovery.authorizationServer.issuer).toBe(second);
  });

  it("reports the first server's failure when none is usable", async () => {
    const { fetch } = createStubFetch({
      [pathInserted]: resourceMetadata,
      [`${second}/.well-known/oauth-authorization-server`]: {
        ...authorizationServerMetadata(second),
        code_challenge_methods_supported: ["plain"],
      },
    });
    const error = await discoverMcpAuthorization("https://mcp.example.com/mcp", { fetch }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: "metadata_not_found", message: expect.stringContaining("first.example.com") });
  });

  it("does not swallow errors that are not OAuth errors", async () => {
    const bug = new TypeError("a bug, not a provider failure");
    const { fetch, asked } = createStubFetch({
      [pathInserted]: resourceMetadata,
      [`${first}/.well-known/oauth-authorization-server`]: () => {
        throw bug;
      },
      [`${second}/.well-known/oauth-authorization-server`]: authorizationServerMetadata(second),
    });
    await expect(discoverMcpAuthorization("https://mcp.example.com/mcp", { fetch })).rejects.toBe(bug);
    expect(asked()).not.toContain(`${second}/.well-known/oauth-authorization-server`);
  });
});
