import { describe, expect, it } from "vitest";
import { localEntry, remoteEntry } from "../../test/entries.ts";
import { LaunchSpecError } from "../errors/catalog-error.ts";
import type { CatalogEntry } from "../schema/catalog-entry.ts";
import { deriveLaunchSpec } from "./derive-launch-spec.ts";
import type { ContainerLaunchSpec, LaunchCredentials, RemoteLaunchSpec } from "./launch-spec.ts";

const oauth = {
  kind: "oauth2_generic",
  providerId: "acme",
  authorizationUrl: "https://auth.acme.example/authorize",
  tokenUrl: "https://auth.acme.example/token",
} as const;
const credentials: LaunchCredentials = { accessToken: "at-123", expiresAt: new Date("2030-01-02T03:04:05Z") };

function container(entry: CatalogEntry, values = {}, creds: LaunchCredentials = {}, options = {}): ContainerLaunchSpec {
  const spec = deriveLaunchSpec(entry, values, creds, options);
  if (spec.kind !== "container") throw new Error("expected a container spec");
  return spec;
}

function launchIssues(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof LaunchSpecError) return error.issues;
    throw error;
  }
  throw new Error("expected a LaunchSpecError");
}

describe("deriveLaunchSpec: runtimes and images", () => {
  it("runs node entries in the default node image with an argv array", () => {
    expect(container(localEntry())).toEqual({
      kind: "container",
      image: "node:24-bookworm-slim",
      command: ["npx"],
      args: ["-y", "demo-mcp"],
      secretArgIndexes: [],
      env: {},
      secretEnvNames: [],
      files: [],
      ports: [],
      resources: {},
    });
  });

  it("uses uv's python image by default, options per runtime, and the entry's own image first", () => {
    const python = localEntry({
      server: { type: "local", runtime: "python", command: "uvx", args: ["mcp-server-time"] },
    });
    expect(container(python).image).toBe("ghcr.io/astral-sh/uv:python3.12-bookworm-slim");
    expect(container(python, {}, {}, { images: { python: "python:3.12-slim" } }).image).toBe("python:3.12-slim");
    const pinned = localEntry({
      server: { type: "local", runtime: "python", image: "registry.example/py:1", command: "uvx" },
    });
    expect(container(pinned, {}, {}, { images: { python: "python:3.12-slim" } }).image).toBe("registry.example/py:1");
  });

  it("runs an image entry with its own entrypoint and args as its command", () => {
    const image = localEntry({
      server: { type: "local", runtime: "image", image: "ghcr.io/github/github-mcp-server", args: ["stdio"] },
    });
    expect(container(image)).toMatchObject({ image: "ghcr.io/github/github-mcp-server", command: [], args: ["stdio"] });
  });

  it("needs an image for a binary, from the entry or the options", () => {
    const binary = localEntry({ server: { type: "local", runtime: "binary", command: "/usr/local/bin/server" } });
    expect(launchIssues(() => deriveLaunchSpec(binary, {}))).toEqual([
      { path: "server.image", message: "no image for runtime binary: set server.image or options.images.binary" },
    ]);
    expect(container(binary, {}, {}, { images: { binary: "debian:bookworm-slim" } }).image).toBe(
      "debian:bookworm-slim",
    );
  });

  it("merges operator resource defaults with the entry's overrides in Docker units", () => {
    const entry = localEntry({
      server: { type: "local", runtime: "node", command: "npx", resources: { memoryMb: 256, cpus: 0.5 } },
    });
    expect(container(entry, {}, {}, { resources: { memoryBytes: 1, pidsLimit: 128 } }).resources).toEqual({
      memoryBytes: 256 * 1024 * 1024,
      nanoCpus: 500_000_000,
      pidsLimit: 128,
    });
  });

  it("fills ${__dirname} with the bundle directory", () => {
    const entry = localEntry({
      server: { type: "local", runtime: "node", command: "node", args: ["${__dirname}/server/index.js"] },
    });
    expect(container(entry).args).toEqual(["/app/server/index.js"]);
    expect(container(entry, {}, {}, { bundleDir: "/opt/bundle" }).args).toEqual(["/opt/bundle/server/index.js"]);
  });

  it("carries an MCP bundle to the runner with the runtime's image to unpack it onto", () => {
    const bundle = { url: "https://example.com/notes.mcpb", sha256: "a".repeat(64) };
    const node = localEntry({ server: { type: "local", runtime: "node", command: "node", args: [], bundle } });
    expect(container(node)).toMatchObject({ image: "node:24-bookworm-slim", bundle });
    const binary = localEntry({ server: { type: "local", runtime: "binary", command: "${__dirname}/bin/notes", bundle } }); // prettier-ignore
    expect(container(binary)).toMatchObject({ image: "debian:bookworm-slim", command: ["/app/bin/notes"], bundle });
    expect(container(binary, {}, {}, { bundleBinaryImage: "registry.local/base:1" }).image).toBe(
      "registry.local/base:1",
    );
    expect(container(localEntry({ server: { type: "local", runtime: "node", command: "node", args: [] } }))).not.toHaveProperty("bundle"); // prettier-ignore
  });
});

describe("deriveLaunchSpec: settings in templates", () => {
  const entry = localEntry({
    server: {
      type: "local",
      runtime: "node",
      command: "npx",
      args: ["-y", "x", "${user_config.dirs}", "--mode=${user_config.mode}", "--label=${user_config.label}"],
      env: { API_KEY: "${user_config.key}", OPTIONAL: "${user_config.mode}", FIXED: "1", PORT: "${user_config.port}" },
    },
    userConfig: {
      dirs: { type: "directory", title: "Dirs", multiple: true, required: true },
      mode: { type: "string", title: "Mode" },
      label: { type: "string", title: "Label" },
      key: { type: "string", title: "Key", secret: true, required: true },
      port: { type: "number", title: "Port", default: 8080 },
    },
    auth: { kind: "api_key", fields: ["key"] },
  });

  it("expands multiple settings, omits unset optional ones, and marks secret env vars", () => {
    const spec = container(entry, { dirs: ["/a", "/b c"], key: "k", label: "x" });
    expect(spec.args).toEqual(["-y", "x", "/a", "/b c", "--label=x"]);
    expect(spec.env).toEqual({ API_KEY: "k", FIXED: "1", PORT: "8080" });
    expect(spec.secretEnvNames).toEqual(["API_KEY"]);
  });

  it("marks the argv indexes that hold a secret setting, counted after multiple settings expand", () => {
    const flagged = localEntry({ userConfig: entry.userConfig, auth: entry.auth, server: { type: "local", runtime: "node", command: "npx", args: ["${user_config.dirs}", "--api-key", "${user_config.key}", "--key=${user_config.key}"] } }); // prettier-ignore
    const spec = container(flagged, { dirs: ["/a", "/b"], key: "k" });
    expect(spec.args).toEqual(["/a", "/b", "--api-key", "k", "--key=k"]);
    expect(spec.secretArgIndexes).toEqual([3, 4]);
  });

  it("inserts values verbatim: no re-expansion, no shell", () => {
    const hostile = "${access_token} $(rm -rf /); `id` | cat";
    const spec = container(entry, { dirs: ["/d"], key: "${user_config.key}", label: hostile });
    expect(spec.args).toContain(`--label=${hostile}`);
    expect(spec.env.API_KEY).toBe("${user_config.key}");
  });

  it("names every settings problem by field path", () => {
    expect(launchIssues(() => deriveLaunchSpec(entry, { dirs: ["relative"], port: "x" }))).toEqual([
      { path: "userConfig.dirs", message: "item 1: expected an absolute directory path such as /data" },
      { path: "userConfig.key", message: "required" },
      { path: "userConfig.port", message: "expected a number, got string" },
    ]);
  });

  it("still refuses unknown placeholders at launch, for entries that skipped validation", () => {
    const tampered = { ...entry, server: { ...entry.server, args: ["${HOME}"] } } as CatalogEntry;
    expect(launchIssues(() => deriveLaunchSpec(tampered, { dirs: ["/d"], key: "k" }))).toEqual([
      {
        path: "server.args[0]",
        message:
          "unknown placeholder ${HOME}; expected ${user_config.<key>}, ${access_token}, ${expires_at} or ${__dirname}",
      },
    ]);
  });
});

describe("deriveLaunchSpec: token delivery", () => {
  it("env: the access token in the named variable, marked secret", () => {
    const entry = localEntry({ auth: { ...oauth, delivery: [{ kind: "env", accessTokenEnvVar: "ACME_TOKEN" }] } });
    expect(container(entry, {}, credentials)).toMatchObject({
      env: { ACME_TOKEN: "at-123" },
      secretEnvNames: ["ACME_TOKEN"],
    });
  });

  it("file: rendered credential files, owner read-only", () => {
    const files = {
      "/run/secrets/acme/token.json": '{"access_token": "${access_token}", "expiry": "${expires_at}"}',
      "/run/secrets/acme/account": "${user_config.account}",
    };
    const entry = localEntry({
      userConfig: { account: { type: "string", title: "Account" } },
      auth: { ...oauth, delivery: [{ kind: "file", files }] },
    });
    expect(container(entry, { account: "acct-1" }, credentials).files).toEqual([
      { path: "/run/secrets/acme/account", content: "acct-1", mode: 0o400 },
      {
        path: "/run/secrets/acme/token.json",
        content: '{"access_token": "at-123", "expiry": "2030-01-02T03:04:05.000Z"}',
        mode: 0o400,
      },
    ]);
  });

  it("header to a local HTTP server: port exposed, bearer header for the runner's client", () => {
    const entry = localEntry({
      server: { type: "local", runtime: "python", command: "uvx", args: ["workspace-mcp"], http: { port: 8000 } },
      auth: { kind: "mcp_oauth", issuer: "https://accounts.google.com" },
    });
    expect(container(entry, {}, credentials)).toMatchObject({
      ports: [8000],
      http: { port: 8000, path: "/mcp", headers: { Authorization: "Bearer at-123" } },
      env: {},
    });
  });

  it("header to a remote server, next to the entry's own headers", () => {
    const entry = remoteEntry({
      server: {
        type: "remote",
        url: "https://${user_config.tenant}.example.com/mcp",
        allowedHosts: ["*.example.com"],
        headers: { "X-Team": "${user_config.tenant}" },
      },
      userConfig: { tenant: { type: "string", title: "Tenant", required: true } },
      auth: { kind: "remote_mcp_dcr" },
    });
    const spec = deriveLaunchSpec(entry, { tenant: "acme" }, credentials) as RemoteLaunchSpec;
    expect(spec).toEqual({
      kind: "remote",
      url: "https://acme.example.com/mcp",
      transport: "streamable-http",
      headers: { "X-Team": "acme", Authorization: "Bearer at-123" },
      secretHeaderNames: ["Authorization"],
    });
  });

  it("api key header to a remote server, marked secret", () => {
    const entry = remoteEntry({
      server: {
        type: "remote",
        url: "https://huggingface.co/mcp",
        headers: { Authorization: "Bearer ${user_config.token}" },
      },
      userConfig: { token: { type: "string", title: "Token", secret: true, required: true } },
      auth: { kind: "api_key", fields: ["token"] },
    });
    expect(deriveLaunchSpec(entry, { token: "hf_x" })).toMatchObject({
      headers: { Authorization: "Bearer hf_x" },
      secretHeaderNames: ["Authorization"],
    });
  });

  it("refuses to launch an OAuth entry without a token, or with a token that could split a header", () => {
    const entry = remoteEntry({ auth: { kind: "remote_mcp_dcr" } });
    expect(launchIssues(() => deriveLaunchSpec(entry, {}))).toEqual([
      {
        path: "credentials.accessToken",
        message: "required for remote_mcp_dcr auth: authorize the connector first",
      },
    ]);
    expect(launchIssues(() => deriveLaunchSpec(entry, {}, { accessToken: "a\r\nX-Evil: 1" }))).toEqual([
      { path: "credentials.accessToken", message: "contains control characters" },
    ]);
  });

  it("refuses header values that would inject a header and URLs that stop being URLs", () => {
    const entry = remoteEntry({
      server: {
        type: "remote",
        url: "https://${user_config.host}/mcp",
        allowedHosts: ["*.example.com"],
        headers: { "X-Note": "${user_config.note}" },
      },
      userConfig: { host: { type: "string", title: "Host", required: true }, note: { type: "string", title: "Note" } },
    });
    expect(launchIssues(() => deriveLaunchSpec(entry, { host: "a b", note: "x\r\nSet-Cookie: y" }))).toEqual([
      { path: "server.url", message: 'is not an http(s) URL once filled in: "https://a b/mcp"' },
      { path: 'server.headers["X-Note"]', message: "contains a line break, which would split the HTTP header" },
    ]);
  });
});

describe("finding 1: member settings in a remote URL cannot move its host", () => {
  const tenantEntry = (url: string, allowedHosts?: string[]) =>
    remoteEntry({
      server: { type: "remote", url, ...(allowedHosts && { allowedHosts }) },
      userConfig: { tenant: { type: "string", title: "Tenant", required: true } },
    });
  const urlOf = (entry: CatalogEntry, tenant: string) => (deriveLaunchSpec(entry, { tenant }) as RemoteLaunchSpec).url;

  it("percent-encodes settings in the path and query, so they cannot leave their segment", () => {
    const entry = tenantEntry("https://mcp.example.com/t/${user_config.tenant}/mcp?team=${user_config.tenant}");
    expect(urlOf(entry, "a/../../x?y=1#z@evil.test")).toBe(
      "https://mcp.example.com/t/a%2F..%2F..%2Fx%3Fy%3D1%23z%40evil.test/mcp?team=a%2F..%2F..%2Fx%3Fy%3D1%23z%40evil.test",
    );
    expect(new URL(urlOf(entry, "@evil.test")).host).toBe("mcp.example.com");
  });

  it("refuses a setting in the host unless the host it yields is one an admin allowed", () => {
    const open = tenantEntry("https://${user_config.tenant}/mcp");
    expect(launchIssues(() => urlOf(open, "evil.test"))).toEqual([
      {
        path: "server.url",
        message:
          'a setting fills the URL\'s host, which may only be a host an administrator allowed for this entry (server.allowedHosts); "evil.test" is not one',
      },
    ]);
    const subdomain = tenantEntry("https://${user_config.tenant}.example.com/mcp", ["*.example.com"]);
    expect(urlOf(subdomain, "acme")).toBe("https://acme.example.com/mcp");
    for (const tenant of ["evil.test/", "evil.test#", "evil.test?", "x@evil.test:1/", "evil.test\\"]) {
      expect(() => urlOf(subdomain, tenant), tenant).toThrow(LaunchSpecError);
    }
    const exact = tenantEntry("https://${user_config.tenant}/mcp", ["mcp.example.com:8443"]);
    expect(urlOf(exact, "mcp.example.com:8443")).toBe("https://mcp.example.com:8443/mcp");
    expect(() => urlOf(exact, "mcp.example.com")).toThrow(LaunchSpecError);
    expect(() => urlOf(exact, "user:pw@mcp.example.com:8443")).toThrow(LaunchSpecError);
  });
});

describe("deriveLaunchSpec: protections", () => {
  it("the bearer header goes only to OAuth entries, even when a token is passed", () => {
    const entry = remoteEntry({ auth: { kind: "none" } });
    expect(deriveLaunchSpec(entry, {}, credentials)).toStrictEqual({
      kind: "remote",
      url: "https://mcp.example.com/mcp",
      transport: "streamable-http",
      headers: {},
      secretHeaderNames: [],
    });
    const local = localEntry({
      server: { type: "local", runtime: "python", command: "uvx", args: ["x"], http: { port: 8000 } },
    });
    expect(container(local, {}, credentials).http).toStrictEqual({ port: 8000, path: "/mcp", headers: {} });
  });

  it("the entry's pids limit overrides the operator default", () => {
    const entry = localEntry({
      server: { type: "local", runtime: "node", command: "npx", resources: { pids: 64 } },
    });
    expect(container(entry, {}, {}, { resources: { pidsLimit: 128 } }).resources).toStrictEqual({ pidsLimit: 64 });
    expect(container(entry).resources).toStrictEqual({ pidsLimit: 64 });
  });

  it("a placeholder in server.command: ${__dirname} is filled in, settings and the token are refused", () => {
    const entry = localEntry({
      server: { type: "local", runtime: "node", command: "${__dirname}/bin/server", args: [] },
      userConfig: { cmd: { type: "string", title: "Cmd" } },
    });
    expect(container(entry, {}, {}, { bundleDir: "/opt/b" }).command).toStrictEqual(["/opt/b/bin/server"]);
    const tampered = (command: string) => ({ ...entry, server: { ...entry.server, command } }) as CatalogEntry;
    expect(launchIssues(() => deriveLaunchSpec(tampered("${user_config.cmd}"), { cmd: "sh" }))).toStrictEqual([
      {
        path: "server.command",
        message: "${user_config.cmd} is not allowed in a command: the command is fixed by the catalog entry",
      },
    ]);
    expect(launchIssues(() => deriveLaunchSpec(tampered("${access_token}"), {}))).toMatchObject([
      { path: "server.command" },
    ]);
  });
});
