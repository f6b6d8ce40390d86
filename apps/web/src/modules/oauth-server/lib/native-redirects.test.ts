import { describe, expect, it } from "vitest";
import { isNativeAppRedirects, redirectsToThisDevice } from "./native-redirects.ts";

describe("isNativeAppRedirects", () => {
  it.each([
    [["http://127.0.0.1/callback", "http://localhost/callback"], true],
    [["http://[::1]:8080/cb"], true],
    [["cursor://anysphere.cursor-mcp/oauth/callback", "https://www.cursor.com/agents/mcp/oauth/callback"], true],
    [["com.example.app:/oauth"], true],
    // A web app's callback beside a loopback one: the port must match exactly.
    [["http://127.0.0.1:33418/", "https://vscode.dev/redirect"], false],
    [["https://localhost/callback"], false],
    [["http://127.0.0.1.example.com/callback"], false],
    [["https://claude.ai/api/mcp/auth_callback"], false],
    [[], false],
    ["http://127.0.0.1/callback", false],
    [[42, "not a url"], false],
  ])("%j: %s", (redirectUris, expected) => {
    expect(isNativeAppRedirects(redirectUris)).toBe(expected);
  });
});

describe("redirectsToThisDevice", () => {
  it.each([
    ["http://127.0.0.1:9/callback", true],
    ["https://localhost/callback", true],
    ["cursor://anysphere.cursor-mcp/oauth/callback", true],
    ["https://www.cursor.com/agents/mcp/oauth/callback", false],
    ["not a url", false],
    [undefined, false],
  ])("%s: %s", (redirectUri, expected) => {
    expect(redirectsToThisDevice(redirectUri)).toBe(expected);
  });
});
