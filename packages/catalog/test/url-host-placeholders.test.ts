import { describe, expect, it } from "vitest";
import { LaunchSpecError, deriveLaunchSpec, suggestSettingHosts } from "../src/index.ts";
import type { CatalogEntry } from "../src/index.ts";
import { importOne } from "./import-document.ts";

/**
 * Issue 16 with issue 12 finding 1: an imported remote URL whose host a setting fills
 * (`https://{tenant}.example.com/mcp`) gets `allowedHosts` for that domain's subdomains suggested,
 * never set: only an admin's acceptance in the import preview allows them (hardening finding 3), and
 * then a member still cannot point the server (and its tokens) elsewhere.
 */
function registryRemote(url: string) {
  return {
    name: "io.github.acme/tenant",
    description: "Tenant server",
    version: "1.0.0",
    remotes: [{ type: "streamable-http", url, variables: { tenant: { description: "Your tenant", isRequired: true } } }], // prettier-ignore
  };
}

function launchUrl(entry: CatalogEntry, tenant: string): string {
  const launch = deriveLaunchSpec(entry, { tenant }, { accessToken: "sample-access-token" });
  return launch.kind === "remote" ? launch.url : "";
}

describe("host placeholders in imported remote URLs", () => {
  it("finding: a setting in the leftmost labels suggests that domain's subdomains, and only them, without allowing them", () => {
    const { entry, notes } = importOne(registryRemote("https://{tenant}.example.com/mcp"));
    expect(entry.server).toMatchObject({ url: "https://${user_config.tenant}.example.com/mcp" });
    expect(entry.server).not.toHaveProperty("allowedHosts");
    expect(notes).toContainEqual({
      path: "remotes[0].url",
      message:
        "a setting fills part of the host: connectors are refused until an admin allows hosts (suggested: *.example.com, accept it in the import preview)",
    });
    expect(() => launchUrl(entry, "acme")).toThrow(/server\.allowedHosts/);
    const suggestion = entry.server.type === "remote" ? suggestSettingHosts(entry.server) : undefined;
    expect(suggestion).toBe("*.example.com");

    const accepted = { ...entry, server: { ...entry.server, allowedHosts: [suggestion!] } } as CatalogEntry;
    expect(launchUrl(accepted, "acme")).toBe("https://acme.example.com/mcp");
    for (const hostile of ["evil.test/x?", "evil.test#", "user@evil.test/", "a.example.com.evil.test/"]) {
      expect(() => launchUrl(accepted, hostile)).toThrow(LaunchSpecError);
      expect(() => launchUrl(accepted, hostile)).toThrow(/server\.allowedHosts|user name/);
    }
  });

  it("keeps a fixed port and a fixed middle label out of the suggested pattern's reach", () => {
    const ported = importOne({ mcpServers: { t: { url: "https://${TENANT}.eu.example.com:8443/sse" } } }).entry;
    expect(ported.server.type === "remote" && suggestSettingHosts(ported.server)).toBe("*.eu.example.com:8443");
  });

  it("finding: a client variable with a colon in the host (VS Code ${input:...}, Cursor ${env:...}) becomes a setting instead of an invalid URL", () => {
    const vscode = importOne({
      servers: { t: { type: "sse", url: "https://${input:tenant-name}.example.com/runtime/webhooks/mcp/sse" } },
      inputs: [{ type: "promptString", id: "tenant-name", description: "Your tenant" }],
    }).entry;
    expect(vscode.server).toMatchObject({ url: "https://${user_config.tenant_name}.example.com/runtime/webhooks/mcp/sse" }); // prettier-ignore
    expect(vscode.userConfig.tenant_name).toMatchObject({ description: "Your tenant", required: true, secret: false });
    expect(vscode.server.type === "remote" && suggestSettingHosts(vscode.server)).toBe("*.example.com");
    const cursor = importOne({ mcpServers: { t: { url: "https://${env:TENANT}.example.com/mcp" } } }).entry;
    expect(cursor.server).toMatchObject({ url: "https://${user_config.tenant}.example.com/mcp" });
  });

  it("a public suffix (co.uk, github.io) or a whole host from a setting is left to an admin, with a note", () => {
    for (const url of ["https://{tenant}.co.uk/mcp", "https://{tenant}.github.io/mcp", "https://{tenant}/mcp"]) {
      const { entry, notes } = importOne(registryRemote(url));
      expect(entry.server).not.toHaveProperty("allowedHosts");
      expect(entry.server.type === "remote" && suggestSettingHosts(entry.server)).toBeUndefined();
      expect(notes).toContainEqual({
        path: "remotes[0].url",
        message:
          "a setting fills the host: until an admin lists the hosts it may be in server.allowedHosts, connectors are refused (Switchboard cannot tell whose domain that is)",
      });
    }
  });
});
