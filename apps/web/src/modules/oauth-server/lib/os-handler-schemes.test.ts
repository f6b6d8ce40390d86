import { describe, expect, it } from "vitest";
import { findOsHandlerScheme } from "./os-handler-schemes.ts";

describe("findOsHandlerScheme", () => {
  it.each([
    [["ms-msdt:/id PCWDiagnostic"], "ms-msdt"],
    [["MS-Excel:ofe|u|https://attacker.example/book.xlsx"], "ms-excel"],
    [["ms-officecmd:{}"], "ms-officecmd"],
    [["search-ms:query=x&crumb=location:\\\\attacker.example\\share"], "search-ms"],
    [["shell:startup"], "shell"],
    [["smb://attacker.example/share"], "smb"],
    [["mailto:someone@example.com"], "mailto"],
    [["intent://scan/#Intent;scheme=zxing;end"], "intent"],
    // One handler among app callbacks is enough to refuse the client.
    [["cursor://anysphere.cursor-mcp/oauth/callback", " hcp://system/x"], "hcp"],
    [["cursor://anysphere.cursor-mcp/oauth/callback", "https://www.cursor.com/agents/mcp/oauth/callback"], undefined],
    [["vscode://vscode.github-authentication/did-authenticate"], undefined],
    [["com.example.app:/oauth/callback", "http://127.0.0.1/callback"], undefined],
    // Apps whose scheme merely begins like a handler's.
    [["msteams://callback", "searchapp://callback", "shelly://callback"], undefined],
    [["not a url", 42], undefined],
    ["ms-msdt:/id PCWDiagnostic", undefined],
  ])("%j: %s", (redirectUris, expected) => {
    expect(findOsHandlerScheme(redirectUris)).toBe(expected);
  });
});
