import { describe, expect, it } from "vitest";
import { isResourceOfServer } from "./discover-protected-resource.ts";
import {
  buildAuthorizationServerMetadataUrls,
  buildProtectedResourceMetadataUrls,
  deriveIssuerFromMetadataUrl,
  toCanonicalResourceUri,
} from "./well-known-urls.ts";

describe("buildProtectedResourceMetadataUrls", () => {
  it("tries the path-inserted location before the root", () => {
    expect(buildProtectedResourceMetadataUrls("https://mcp.example.com/public/mcp/")).toEqual([
      "https://mcp.example.com/.well-known/oauth-protected-resource/public/mcp",
      "https://mcp.example.com/.well-known/oauth-protected-resource",
    ]);
  });

  it("has only the root location for a server at the root", () => {
    expect(buildProtectedResourceMetadataUrls("https://mcp.example.com/")).toEqual([
      "https://mcp.example.com/.well-known/oauth-protected-resource",
    ]);
  });
});

describe("buildAuthorizationServerMetadataUrls", () => {
  it("orders the three locations of an issuer with a path", () => {
    expect(buildAuthorizationServerMetadataUrls("https://auth.example.com/tenant1")).toEqual([
      "https://auth.example.com/.well-known/oauth-authorization-server/tenant1",
      "https://auth.example.com/.well-known/openid-configuration/tenant1",
      "https://auth.example.com/tenant1/.well-known/openid-configuration",
    ]);
  });

  it("orders RFC 8414 before OpenID Connect for an issuer without a path", () => {
    expect(buildAuthorizationServerMetadataUrls("https://auth.example.com")).toEqual([
      "https://auth.example.com/.well-known/oauth-authorization-server",
      "https://auth.example.com/.well-known/openid-configuration",
    ]);
  });
});

describe("deriveIssuerFromMetadataUrl", () => {
  it("undoes appending and insertion", () => {
    expect(deriveIssuerFromMetadataUrl("https://accounts.google.com/.well-known/openid-configuration")).toBe(
      "https://accounts.google.com",
    );
    expect(deriveIssuerFromMetadataUrl("https://a.test/tenant/.well-known/openid-configuration")).toBe(
      "https://a.test/tenant",
    );
    expect(deriveIssuerFromMetadataUrl("https://a.test/.well-known/oauth-authorization-server/t1")).toBe(
      "https://a.test/t1",
    );
    expect(deriveIssuerFromMetadataUrl("https://a.test/metadata.json")).toBeUndefined();
  });
});

describe("toCanonicalResourceUri", () => {
  it("lower-cases scheme and host and drops the terminating slash and fragment", () => {
    expect(toCanonicalResourceUri("HTTPS://MCP.Example.com/MCP/#frag")).toBe("https://mcp.example.com/MCP");
    expect(toCanonicalResourceUri("https://mcp.example.com/")).toBe("https://mcp.example.com");
    expect(toCanonicalResourceUri("https://mcp.example.com:8443/mcp")).toBe("https://mcp.example.com:8443/mcp");
  });
});

describe("isResourceOfServer", () => {
  it("accepts the server URL itself, its origin and parent paths", () => {
    expect(isResourceOfServer("https://mcp.example.com/mcp", "https://mcp.example.com/mcp")).toBe(true);
    expect(isResourceOfServer("https://mcp.example.com", "https://mcp.example.com/mcp")).toBe(true);
    expect(isResourceOfServer("https://mcp.example.com/api/", "https://mcp.example.com/api/mcp")).toBe(true);
  });

  it("refuses other origins and sibling paths", () => {
    expect(isResourceOfServer("https://evil.example.com/mcp", "https://mcp.example.com/mcp")).toBe(false);
    expect(isResourceOfServer("https://mcp.example.com/mcpx", "https://mcp.example.com/mcp")).toBe(false);
    expect(isResourceOfServer("https://mcp.example.com/mcp/deeper", "https://mcp.example.com/mcp")).toBe(false);
    expect(isResourceOfServer("not a url", "https://mcp.example.com/mcp")).toBe(false);
  });
});

describe("trailing slashes", () => {
  it("ignores any number of trailing slashes on the resource and the server", () => {
    expect(isResourceOfServer("https://mcp.example.com/mcp//", "https://mcp.example.com/mcp")).toBe(true);
    expect(isResourceOfServer("https://mcp.example.com/mcp", "https://mcp.example.com/mcp//")).toBe(true);
    expect(isResourceOfServer("https://mcp.example.com/mcp", "https://mcp.example.com/mcp/")).toBe(true);
    expect(buildProtectedResourceMetadataUrls("https://mcp.example.com/mcp//")[0]).toBe(
      "https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
    );
  });
});
