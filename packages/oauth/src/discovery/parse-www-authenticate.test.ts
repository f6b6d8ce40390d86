import { describe, expect, it } from "vitest";
import { parseAuthChallenges, parseBearerChallenge } from "./parse-www-authenticate.ts";

describe("parseBearerChallenge", () => {
  it("reads the MCP parameters of a Bearer challenge", () => {
    expect(
      parseBearerChallenge(
        'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="files:read files:write", error="invalid_token", error_description="The token expired"',
      ),
    ).toStrictEqual({
      resourceMetadata: "https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
      scope: "files:read files:write",
      error: "invalid_token",
      errorDescription: "The token expired",
    });
  });

  it("finds Bearer among several challenges, scheme and names case-insensitively", () => {
    expect(
      parseBearerChallenge('Basic realm="legacy", charset="UTF-8", BEARER Error="insufficient_scope", Scope="admin"'),
    ).toStrictEqual({ error: "insufficient_scope", scope: "admin" });
  });

  it("handles escapes and commas inside quoted strings", () => {
    expect(parseBearerChallenge('Bearer error_description="a \\"quoted\\", text", scope="x"')).toStrictEqual({
      errorDescription: 'a "quoted", text',
      scope: "x",
    });
  });

  it("accepts unquoted values, including URLs", () => {
    expect(parseBearerChallenge("Bearer resource_metadata=https://x.test/prm, error=invalid_token")).toStrictEqual({
      resourceMetadata: "https://x.test/prm",
      error: "invalid_token",
    });
  });

  it("returns an empty challenge for a bare Bearer and undefined without one", () => {
    expect(parseBearerChallenge("Bearer")).toStrictEqual({});
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseBearerChallenge(null)).toBeUndefined();
    expect(parseBearerChallenge("")).toBeUndefined();
  });

  it("keeps what it read before a malformed parameter", () => {
    expect(parseBearerChallenge('Bearer scope="a", error="unterminated')).toStrictEqual({ scope: "a" });
  });
});

describe("parseBearerChallenge on hostile headers", () => {
  it("a hostile Bearer scope=, yields an empty challenge instead of throwing or reading on", () => {
    expect(parseBearerChallenge("Bearer scope=,")).toStrictEqual({});
    expect(parseBearerChallenge("Bearer scope=, error=invalid_token")).toStrictEqual({});
    expect(parseBearerChallenge("Bearer scope=")).toStrictEqual({});
    expect(parseBearerChallenge('Bearer scope="unterminated\\')).toStrictEqual({});
  });

  it("an unquoted value stops at whitespace, commas and quotes", () => {
    expect(parseBearerChallenge('Bearer scope=a"b, error=x')).toStrictEqual({ scope: "a" });
    expect(parseBearerChallenge("Bearer scope=read error=x")).toStrictEqual({ scope: "read", error: "x" });
  });
});

describe("parseAuthChallenges", () => {
  it("separates a token68 challenge from the next one", () => {
    expect(parseAuthChallenges('Basic dXNlcjpwYXNz==, Bearer realm="api"')).toStrictEqual([
      { scheme: "basic", params: {} },
      { scheme: "bearer", params: { realm: "api" } },
    ]);
  });

  it("reads schemes without parameters", () => {
    expect(parseAuthChallenges("Negotiate, Bearer")).toStrictEqual([
      { scheme: "negotiate", params: {} },
      { scheme: "bearer", params: {} },
    ]);
  });
});

describe("parseAuthChallenges syntax", () => {
  it("reads token68 credentials after any whitespace, at the end of the header too", () => {
    expect(parseAuthChallenges('Negotiate  abc==, Bearer realm="x"')).toStrictEqual([
      { scheme: "negotiate", params: {} },
      { scheme: "bearer", params: { realm: "x" } },
    ]);
    expect(parseAuthChallenges("Negotiate abc==")).toStrictEqual([{ scheme: "negotiate", params: {} }]);
  });

  it("allows whitespace around the equals sign of a parameter", () => {
    expect(parseAuthChallenges('Bearer realm = "x", scope= y')).toStrictEqual([
      { scheme: "bearer", params: { realm: "x", scope: "y" } },
    ]);
  });

  it("stops at text that does not start with a scheme", () => {
    expect(parseAuthChallenges('"junk" Bearer realm="x"')).toStrictEqual([]);
  });
});

describe("parseAuthChallenges on hostile parameters", () => {
  it("a parameter with no value after other parameters ends the challenge without throwing", () => {
    expect(parseAuthChallenges('Bearer realm="x", scope=,')).toStrictEqual([
      { scheme: "bearer", params: { realm: "x" } },
    ]);
    expect(parseAuthChallenges('Bearer realm="x", scope=, error=invalid_token')).toStrictEqual([
      { scheme: "bearer", params: { realm: "x" } },
    ]);
  });
});
