import { describe, expect, it } from "vitest";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import { computeStepUpScopes, selectScopes } from "./scopes.ts";

const server = (scopes?: string[]): AuthorizationServerMetadata => ({
  issuer: "https://auth.example.com",
  authorization_endpoint: "https://auth.example.com/authorize",
  token_endpoint: "https://auth.example.com/token",
  ...(scopes && { scopes_supported: scopes }),
});

describe("selectScopes", () => {
  it("prefers the challenge, then configured scopes, then scopes_supported", () => {
    const supported = ["a", "b"];
    expect(selectScopes({ challengeScope: "x y", configuredScopes: ["c"], scopesSupported: supported })).toEqual([
      "x",
      "y",
    ]);
    expect(selectScopes({ configuredScopes: ["c"], scopesSupported: supported })).toEqual(["c"]);
    expect(selectScopes({ scopesSupported: supported })).toEqual(["a", "b"]);
  });

  it("omits scopes when nothing names any", () => {
    expect(selectScopes({})).toEqual([]);
    expect(selectScopes({ challengeScope: " ", configuredScopes: [] })).toEqual([]);
  });

  it("adds offline_access only when the authorization server lists it, and never alone", () => {
    expect(selectScopes({ scopesSupported: ["mcp"], authorizationServer: server(["mcp", "offline_access"]) })).toEqual([
      "mcp",
      "offline_access",
    ]);
    expect(selectScopes({ scopesSupported: ["mcp"], authorizationServer: server(["mcp"]) })).toEqual(["mcp"]);
    expect(selectScopes({ authorizationServer: server(["offline_access"]) })).toEqual([]);
    expect(
      selectScopes({ challengeScope: "mcp offline_access", authorizationServer: server(["offline_access"]) }),
    ).toEqual(["mcp", "offline_access"]);
  });
});

describe("selectScopes without scopes_supported", () => {
  it("adds no offline_access when the authorization server lists no scopes at all", () => {
    expect(selectScopes({ scopesSupported: ["mcp"], authorizationServer: server() })).toStrictEqual(["mcp"]);
  });
});

describe("computeStepUpScopes", () => {
  it("requests the union of granted and challenged scopes", () => {
    expect(computeStepUpScopes("read write", { error: "insufficient_scope", scope: "write admin" })).toEqual([
      "read",
      "write",
      "admin",
    ]);
  });

  it("ignores challenges that are not insufficient_scope", () => {
    expect(computeStepUpScopes("read", { error: "invalid_token", scope: "admin" })).toBeUndefined();
    expect(computeStepUpScopes("read", undefined)).toBeUndefined();
  });
});
