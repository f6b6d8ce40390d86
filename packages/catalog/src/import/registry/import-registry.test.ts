import { describe, expect, it } from "vitest";
import { readFixtureJson } from "../../../test/fixture-files.ts";
import { CatalogImportError } from "../../errors/catalog-error.ts";
import type { CatalogEntry } from "../../schema/catalog-entry.ts";
import { importRegistryServer } from "./import-registry.ts";
import type { RegistryImportOptions } from "./import-registry.ts";

function importFixture(name: string, options: RegistryImportOptions = {}) {
  const result = importRegistryServer(readFixtureJson(`registry/${name}`), options);
  return { entry: result.entries[0] as CatalogEntry, warnings: result.warnings };
}

const minimal = { name: "io.github.acme/tool", description: "Tool", version: "1.0.0" };

describe("importRegistryServer", () => {
  it("maps an npm package to npx -y <id>@<version>, env vars to settings, secrets to api_key", () => {
    const { entry } = importFixture("brave-search.json");
    expect(entry).toMatchObject({
      id: "io.github.brave-brave-search-mcp-server",
      name: "Brave Search",
      version: "2.0.58",
      origin: { format: "registry", name: "io.github.brave/brave-search-mcp-server" },
      server: {
        type: "local",
        runtime: "node",
        command: "npx",
        args: ["-y", "@brave/brave-search-mcp-server@2.0.58", "--transport=stdio"],
        env: {
          BRAVE_API_KEY: "${user_config.brave_api_key}",
          BRAVE_MCP_LOG_LEVEL: "${user_config.brave_mcp_log_level}",
        },
      },
      auth: { kind: "api_key", fields: ["brave_api_key"] },
    });
    expect(entry.userConfig.brave_api_key).toEqual({
      type: "string",
      title: "BRAVE_API_KEY",
      description: "Your API key for the Brave Search API",
      required: true,
      secret: true,
      multiple: false,
    });
    expect(entry.userConfig.brave_mcp_log_level).toMatchObject({
      enum: ["debug", "info", "warning", "error"],
      default: "info",
    });
    expect(entry.extensions.registry?._meta).toEqual({
      "io.modelcontextprotocol.registry/publisher-provided": { tool: "mcp-publisher", version: "1.2.3" },
    });
  });

  it("maps a pypi package to uvx and named arguments to optional --flag=value settings", () => {
    const { entry } = importFixture("fetch.json");
    expect(entry.server).toMatchObject({
      runtime: "python",
      command: "uvx",
      args: [
        "mcp-server-fetch@2025.4.7",
        "--user-agent=${user_config.user_agent}",
        "--proxy-url=${user_config.proxy_url}",
      ],
    });
    expect(entry.userConfig.proxy_url).toMatchObject({
      title: "proxy-url",
      required: false,
      placeholder: "http://proxy:3128",
    });
  });

  it("maps a repeated positional argument to a multiple setting", () => {
    const { entry, warnings } = importFixture("filesystem.json");
    expect(entry.server).toMatchObject({
      args: ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "${user_config.allowed_directory}"],
    });
    expect(entry.userConfig.allowed_directory).toMatchObject({
      type: "file",
      multiple: true,
      required: true,
      default: ["/data"],
    });
    expect(warnings).toContainEqual({
      path: "packages[1]",
      message: "not used: this entry runs packages[0]; kept in extensions.registry",
    });
  });

  it("maps an oci package to the image, tagging it with the version", () => {
    const { entry } = importFixture("postgres-oci.json");
    expect(entry.server).toEqual({
      type: "local",
      runtime: "image",
      image: "docker.io/crystaldba/postgres-mcp:0.3.0",
      args: ["--access-mode=${user_config.access_mode}"],
      env: { DATABASE_URI: "${user_config.database_uri}" },
    });
    const local = importFixture("filesystem.json", { prefer: "local" }).entry;
    expect(local.server).toMatchObject({ type: "local", runtime: "node" });
  });

  it("keeps docker runtime arguments of an image out of the launch, in extensions", () => {
    const value = readFixtureJson("registry/filesystem.json") as { packages: unknown[] };
    const { entries, warnings } = importRegistryServer({ ...value, packages: value.packages.slice(1) });
    expect(entries[0]?.server).toMatchObject({ image: "docker.io/mcp/filesystem:2025.8.21", args: ["/projects"] });
    expect(warnings).toContainEqual({
      path: "packages[0].runtimeArguments",
      message: "docker run flags are not applied (the runner builds the container); kept in extensions.registry",
    });
  });

  it("prefers a streamable-http remote; headers become settings or templates of variables", () => {
    const { entry } = importFixture("github.json");
    expect(entry.server).toEqual({
      type: "remote",
      url: "https://api.githubcopilot.com/mcp/",
      transport: "streamable-http",
      headers: { Authorization: "Bearer ${user_config.token}", "X-MCP-Toolsets": "${user_config.x_mcp_toolsets}" },
    });
    expect(entry.auth).toEqual({ kind: "api_key", fields: ["token"] });
    expect(entry.icon).toBe("https://github.githubassets.com/favicons/favicon.png");
    expect(importFixture("sentry.json").entry.server).toMatchObject({
      url: "https://mcp.sentry.dev/mcp",
      transport: "streamable-http",
    });
  });

  it("assumes OAuth discovery + DCR for a remote without credentials, and says so", () => {
    const { entry, warnings } = importFixture("notion.json");
    expect(entry.auth.kind).toBe("remote_mcp_dcr");
    expect(warnings).toContainEqual({
      path: "",
      message: "no auth metadata: assumed remote_mcp_dcr (OAuth discovery + DCR); set none if the server is public",
    });
  });

  it("turns URL variables into settings, typed by format", () => {
    const { entry } = importFixture("supabase-remote.json");
    expect(entry.server).toMatchObject({
      url: "https://mcp.supabase.com/mcp?project_ref=${user_config.project_ref}&read_only=${user_config.read_only}",
    });
    expect(entry.userConfig.read_only).toMatchObject({ type: "boolean", default: true });
  });

  it("fixes the port of a local HTTP server instead of offering it as a setting", () => {
    const { entry } = importFixture("playwright-http.json");
    expect(entry.server).toMatchObject({
      args: ["-y", "@playwright/mcp@0.0.41", "--headless=true", "--port=8931", "--host=0.0.0.0"],
      http: { port: 8931, path: "/mcp" },
    });
    expect(entry.userConfig).toEqual({});
  });

  it("keeps the default of a secret input out of the setting", () => {
    const packages = [{ registryType: "npm", identifier: "x", transport: { type: "stdio" }, environmentVariables: [{ name: "API_TOKEN", isSecret: true, default: "abc" }] }]; // prettier-ignore
    const { entries, warnings } = importRegistryServer({ ...minimal, packages });
    expect(entries[0]?.userConfig.api_token).not.toHaveProperty("default");
    expect(warnings).toContainEqual({
      path: "packages[0].environmentVariables[0].default",
      message: "secret settings take no default; kept in extensions.registry",
    });
  });

  it("runs a nuget package with dnx in the .NET SDK image", () => {
    const { entry, warnings } = importFixture("nuget.json");
    expect(entry.server).toEqual({
      type: "local",
      runtime: "binary",
      image: "mcr.microsoft.com/dotnet/sdk:10.0",
      command: "dnx",
      args: ["Knapcode.SampleMcpServer@0.5.0", "--yes", "mcp", "start"],
      env: {},
    });
    expect(warnings).toContainEqual({ path: "packages[0].registryType", message: "runs with dnx in mcr.microsoft.com/dotnet/sdk:10.0" }); // prettier-ignore
  });

  it("rejects a server with nothing runnable, naming each variant's problem", () => {
    const run = (value: unknown) => () => importRegistryServer(value);
    const bundleOnly = { ...minimal, packages: [{ registryType: "mcpb", identifier: "https://example.com/x.mcpb", fileSha256: "fe333e59", transport: { type: "stdio" } }] }; // prettier-ignore
    expect(run(bundleOnly)).toThrow(CatalogImportError);
    expect(run(bundleOnly)).toThrow(
      "packages[0]: registryType mcpb: the bundle at https://example.com/x.mcpb (sha256 fe333e59) has not been downloaded; Switchboard's admin import downloads it, checks its sha256 and imports its manifest.json",
    );
    expect(run({ ...bundleOnly, packages: [{ ...bundleOnly.packages[0], fileSha256: undefined }] })).toThrow(
      "packages[0]: registryType mcpb: the bundle at https://example.com/x.mcpb has no fileSha256, and Switchboard installs a bundle only when its publisher's checksum vouches for it",
    );
    expect(run({ ...bundleOnly, packages: [{ ...bundleOnly.packages[0], registryType: "cargo" }] })).toThrow(
      "packages[0]: registryType cargo is not supported (supported: npm, pypi, oci, nuget, mcpb)",
    );
    expect(run(minimal)).toThrow("expected packages or remotes: there is nothing to run");
    expect(run({ ...minimal, packages: [{ registryType: "npm", identifier: "x", transport: "ftp" }] })).toThrow(
      "packages[0].transport: expected object, got string",
    );
  });

  describe("an mcpb package, given the manifest.json of its downloaded and verified bundle", () => {
    const sha256 = "fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce";
    const document = { ...minimal, title: "Notes", packages: [{ registryType: "MCPB", identifier: "https://example.com/notes.mcpb", fileSha256: sha256.toUpperCase(), transport: { type: "stdio" } }] }; // prettier-ignore
    const manifest = {
      manifest_version: "0.3",
      name: "notes",
      version: "1.2.0",
      author: { name: "Acme" },
      server: {
        type: "node",
        entry_point: "server/index.js",
        mcp_config: { command: "node", args: ["${__dirname}/server/index.js", "--dir=${user_config.notes_dir}"], env: { NOTES_TOKEN: "${user_config.api_token}" } }, // prettier-ignore
      },
      user_config: {
        api_token: { type: "string", title: "API token", sensitive: true, required: true },
        notes_dir: { type: "directory", title: "Notes folder", default: "/data" },
      },
    };

    it("imports the manifest: its command, runtime and settings (secrets secret), recording the bundle", () => {
      const result = importRegistryServer(document, { bundleManifests: new Map([[sha256, manifest]]) });
      const entry = result.entries[0] as CatalogEntry;
      expect(entry).toMatchObject({ id: "io.github.acme-tool", name: "Notes", version: "1.0.0", origin: { format: "registry" } }); // prettier-ignore
      expect(entry.server).toEqual({
        type: "local",
        runtime: "node",
        command: "node",
        args: ["${__dirname}/server/index.js", "--dir=${user_config.notes_dir}"],
        env: { NOTES_TOKEN: "${user_config.api_token}" },
        bundle: { url: "https://example.com/notes.mcpb", sha256 },
      });
      expect(entry.userConfig.api_token).toMatchObject({ secret: true, required: true });
      expect(entry.userConfig.notes_dir).toMatchObject({ secret: false, default: "/data" });
      expect(entry.auth).toEqual({ kind: "api_key", fields: ["api_token"] });
      expect(result.warnings).toContainEqual({ path: "packages[0]", message: `an MCP bundle: the runner downloads it, checks sha256 ${sha256}, unpacks it at \${__dirname} (/app) onto the node image and runs its manifest's command` }); // prettier-ignore
    });

    it("maps manifest server.type uv and binary to their runtimes", () => {
      const withType = (type: string, command: string) => ({ ...manifest, server: { type, mcp_config: { command, args: [] } }, user_config: {} }); // prettier-ignore
      const runtimeOf = (value: unknown) => (importRegistryServer(document, { bundleManifests: new Map([[sha256, value]]) }).entries[0] as CatalogEntry).server; // prettier-ignore
      expect(runtimeOf(withType("uv", "uv"))).toMatchObject({ runtime: "python", command: "uv" });
      expect(runtimeOf(withType("binary", "${__dirname}/bin/notes"))).toMatchObject({ runtime: "binary", command: "${__dirname}/bin/notes" }); // prettier-ignore
    });

    it("refuses a manifest that runs no program of the bundle, naming the package", () => {
      const remote = { name: "notes", server: { type: "remote", url: "https://example.com/mcp" } };
      expect(() => importRegistryServer(document, { bundleManifests: new Map([[sha256, remote]]) })).toThrow(
        "packages[0] (manifest.json): it does not start a program of the bundle (server.type node, python, uv or binary)",
      );
    });
  });
});
