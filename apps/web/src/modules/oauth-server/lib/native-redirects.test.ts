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
    // Review (low): other spellings of this device, which a web client may register and a local
    // program may listen on, must not let a remembered consent skip the page either.
    ["http://127.0.0.2:8080/callback", true],
    ["http://127.1:8080/callback", true],
    ["http://0.0.0.0:8080/callback", true],
    ["http://localhost.:8080/callback", true],
    ["http://app.localhost:8080/callback", true],
    ["http://[::ffff:127.0.0.1]:8080/callback", true],
    ["http://[0:0:0:0:0:0:0:1]:8080/callback", true],
    ["http://[::]:8080/callback", true],
    ["https://127.0.0.1.example.com/callback", false],
    ["https://localhost.example.com/callback", false],
    ["not a url", false],
    [undefined, false],
  ])("%s: %s", (redirectUri, expected) => {
    expect(redirectsToThisDevice(redirectUri)).toBe(expected);
  });
});
