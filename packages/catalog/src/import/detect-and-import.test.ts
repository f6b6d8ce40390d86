import { describe, expect, it } from "vitest";
import { readFixture } from "../../test/fixture-files.ts";
import { exportCatalog } from "../export/export-catalog.ts";
import { detectAndImport, detectFormat } from "./detect-and-import.ts";
import { importIssues } from "../../test/import-issues.ts";

describe("detectFormat", () => {
  it("recognizes each format by its keys", () => {
    expect(detectFormat({ schemaVersion: 1 })).toBe("switchboard");
    expect(detectFormat({ mcpServers: {} })).toBe("mcpServers");
    expect(detectFormat({ name: "a/b", packages: [] })).toBe("registry");
    expect(
      detectFormat({ $schema: "https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json" }),
    ).toBe("registry");
    expect(detectFormat({ name: "x", server: {} })).toBe("archestra");
    expect(detectFormat({ name: "x", remote_url: "https://x" })).toBe("archestra");
    expect(detectFormat({ hello: "world" })).toBeUndefined();
    expect(detectFormat([1])).toBeUndefined();
  });
});

describe("detectAndImport", () => {
  it("names line and column of broken JSON", () => {
    expect(importIssues('{\n  "name": "x",\n  "server": {"command": "npx",,}\n}')).toEqual([
      { path: "", message: 'invalid JSON at line 3, column 31: expected a double-quoted property name, got ","' },
    ]);
    expect(importIssues('{"name": "x"')).toEqual([
      { path: "", message: "invalid JSON at line 1, column 13: expected ',' or '}', got end of input" },
    ]);
    expect(importIssues("")).toEqual([
      { path: "", message: "invalid JSON at line 1, column 1: expected a value, got end of input" },
    ]);
    expect(importIssues('{"a": tru}')).toEqual([
      { path: "", message: 'invalid JSON at line 1, column 7: expected a value, got "t"' },
    ]);
    expect(importIssues('{"a": "line\nbreak"}')[0]?.message).toMatch(
      /^invalid JSON at line 1, column 12: expected '"' or an escape/,
    );
  });

  it("finding: a smithery.yaml says what it is instead of only 'expected a value'", () => {
    expect(importIssues(readFixture("invalid/smithery-2captcha.yaml"))).toEqual([
      {
        path: "",
        message:
          "this is a Smithery smithery.yaml: Smithery starts this server itself (its start command is a JavaScript function, or Smithery builds the repository as a container or TypeScript project), so it names no package or image to run; import the server's server.json, the mcpServers JSON of its README or its hosted URL instead",
      },
    ]);
    expect(importIssues('runtime: "typescript"\n')).toEqual([
      {
        path: "",
        message:
          "this is a Smithery smithery.yaml: Smithery starts this server itself (its start command is a JavaScript function, or Smithery builds the repository as a container or TypeScript project), so it names no package or image to run; import the server's server.json, the mcpServers JSON of its README or its hosted URL instead",
      },
    ]);
  });

  it("reads a YAML client config (Continue's list of servers) and a Codex config.toml instead of refusing them", () => {
    expect(detectAndImport("mcpServers:\n  - name: sqlite\n    command: npx\n").entries[0]).toMatchObject({ id: "sqlite", server: { command: "npx" } }); // prettier-ignore
    const codex = '[mcp_servers.warpgate]\ncommand = "npx"\nargs = ["-y", "warpgate-mcp"]\n';
    expect(detectAndImport(codex).entries[0]).toMatchObject({ id: "warpgate", server: { args: ["-y", "warpgate-mcp"] } }); // prettier-ignore
  });

  it("finding: a YAML alias bomb escaped as a plain ReferenceError and deeply nested YAML took seconds; both are refused quickly with a reason", () => {
    const bomb = `a: &a [${Array(50).fill(`"${"x".repeat(1000)}"`).join(",")}]\nb: &b [${Array(20).fill("*a").join(",")}]\nc: [${Array(20).fill("*b").join(",")}]\nmcpServers: {}`; // prettier-ignore
    expect(importIssues(bomb)).toEqual([{ path: "", message: "invalid YAML: Excessive alias count indicates a resource exhaustion attack" }]); // prettier-ignore
    const started = Date.now();
    expect(importIssues(`mcpServers: ${"[".repeat(200_000)}${"]".repeat(200_000)}`)).toEqual([{ path: "", message: "nested deeper than 64 levels" }]); // prettier-ignore
    const indented = Array.from({ length: 600 }, (_, level) => `${" ".repeat(level)}k${level}:`).join("\n");
    expect(importIssues(`${indented} x`)).toEqual([{ path: "", message: "nested deeper than 64 levels" }]);
    expect(importIssues(`a = ${"[".repeat(1000)}${"]".repeat(1000)}`)).toEqual([{ path: "", message: "nested deeper than 64 levels" }]); // prettier-ignore
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("finding: a Smithery CLI install command and a Markdown page (an awesome list) were refused as invalid JSON or invalid YAML at some column; each says what it is and what to import instead", () => {
    expect(importIssues("npx -y @smithery/cli install @upstash/context7-mcp --client claude\n")).toEqual([
      { path: "", message: "a Smithery CLI command: Smithery looks the server up in its own registry and writes the config itself, so the command names no package, image or URL to run; import the server's mcpServers JSON, its server.json or its hosted URL instead" }, // prettier-ignore
    ]);
    const awesome =
      "# Awesome MCP Servers\n\n- [GitHub](https://github.com/github/github-mcp-server) - GitHub API\n- [Sentry](https://github.com/getsentry/sentry-mcp) - errors\n";
    const readme =
      '## Install\n\nAdd this to your config:\n\n```json\n{"mcpServers": {}}\n```\n\nSee [docs](https://example.com).\n';
    for (const page of [awesome, readme]) {
      expect(importIssues(page)).toEqual([
        { path: "", message: "a Markdown page (a README or a list of servers), not a config: copy one server's code block from it (its mcpServers JSON, server.json or install command) and import that" }, // prettier-ignore
      ]);
    }
  });

  it("finding: compact YAML nesting (- - - …) passed the depth check and took seconds to fail with a stack overflow; it is refused before parsing", () => {
    // 450,000 levels on one line (900 KB) took 2.3 s here and ended in "Maximum call stack size exceeded".
    const started = Date.now();
    expect(importIssues(`mcpServers:\n  ${"- ".repeat(450_000)}x\n`)).toEqual([{ path: "", message: "nested deeper than 64 levels" }]); // prettier-ignore
    expect(importIssues(`a:\n${"? ".repeat(100)}x\n`)).toEqual([{ path: "", message: "nested deeper than 64 levels" }]);
    expect(Date.now() - started).toBeLessThan(200);
    expect(detectAndImport(`ignored:\n${"- ".repeat(64)}x\nmcpServers:\n  a:\n    command: npx\n`).entries).toHaveLength(1); // prettier-ignore
  });

  it("finding: a YAML map of many keys held the event loop for seconds (the duplicate-key check compared every pair); duplicates are still refused", () => {
    // 30,000 keys (about 400 KB) took 8 s here with the yaml package's uniqueKeys, 1 s without.
    const many = Array.from({ length: 30_000 }, (_, index) => `  k${index}: 1`).join("\n");
    const started = Date.now();
    expect(detectAndImport(`ignored:\n${many}\nmcpServers:\n  a:\n    command: npx\n`).entries).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(importIssues("mcpServers:\n  a:\n    command: npx\n  a:\n    command: uvx\n")).toEqual([{ path: "", message: "invalid YAML at line 4, column 3: Map keys must be unique" }]); // prettier-ignore
    expect(importIssues("mcpServers:\n  a:\n    command: npx\n    env: {X: 1, X: 2}\n")).toEqual([{ path: "", message: "invalid YAML at line 4, column 17: Map keys must be unique" }]); // prettier-ignore
  });

  it("finding: a bundle's manifest.json imported on its own gave an entry whose ${__dirname} files no container has, without a word; it says so", () => {
    const manifest = { manifest_version: "0.2", name: "hello", version: "0.1.0", description: "d", author: { name: "a" }, server: { type: "node", entry_point: "server/index.js", mcp_config: { command: "node", args: ["${__dirname}/server/index.js"] } } }; // prettier-ignore
    const result = detectAndImport(JSON.stringify(manifest));
    expect(result.warnings).toContainEqual({ path: "", message: "hello: its server's files (${__dirname}) come from a bundle or checkout this document does not include, so the container will not have them; import the server.json that lists its MCP bundle (registryType mcpb), which downloads and checks it, or set an image that has them" }); // prettier-ignore
    expect(detectAndImport(exportCatalog(result.entries)).warnings).toEqual([]);
  });

  it("rejects oversized payloads before parsing", () => {
    const tenMegabytes = `{"name":"${"x".repeat(10 * 1024 * 1024)}"}`;
    expect(importIssues(tenMegabytes)).toEqual([
      { path: "", message: "payload is larger than the 1.0 MB import limit (about 10.0 MB)" },
    ]);
    expect(importIssues(`"${"é".repeat(600)}"`, 1000)[0]?.message).toMatch(/larger than the 1 KB import limit/);
  });

  it("reads JSON with comments and trailing commas (VS Code's mcp.json, READMEs) and says so", () => {
    const text = '{\n  // VS Code\n  "servers": {"x": {"command": "npx", "args": ["-y", "x"],},},\n}';
    const result = detectAndImport(text);
    expect(result.entries[0]?.server).toMatchObject({ command: "npx", args: ["-y", "x"] });
    expect(result.warnings[0]).toEqual({
      path: "",
      message: "JSON with comments or trailing commas (JSONC): read as the clients that write it do",
    });
  });

  it("rejects absurd nesting and __proto__ keys", () => {
    expect(importIssues(`${"[".repeat(100)}${"]".repeat(100)}`)[0]?.message).toBe("nested deeper than 64 levels");
    expect(importIssues(`${"[".repeat(400_000)}${"]".repeat(400_000)}`)[0]?.message).toBe(
      "nested deeper than 64 levels",
    );
    expect(importIssues("[".repeat(400_000))[0]?.message).toBe(
      "invalid JSON at line 1, column 400001: expected a value, got end of input",
    );
    expect(importIssues('{"name":"x","server":{"__proto__":{"command":"npx"}}}')).toEqual([
      { path: "server.__proto__", message: "the key __proto__ is not allowed" },
    ]);
  });

  it("explains an unrecognized document", () => {
    expect(importIssues('{"hello":"world"}')[0]?.message).toMatch(/^unrecognized format: expected an Archestra entry/);
    expect(importIssues("42")[0]?.message).toMatch(/^unrecognized format/);
  });

  it("accepts a byte order mark", () => {
    expect(detectAndImport(`\uFEFF${readFixture("archestra/linear.json")}`).entries).toHaveLength(1);
  });

  it("imports an array of documents of mixed formats, prefixing paths with the index", () => {
    const text = `[${readFixture("archestra/slack.json")}, ${readFixture("registry/time.json")}]`;
    const result = detectAndImport(text);
    expect(result.formats).toEqual(["archestra", "registry"]);
    expect(result.entries.map((entry) => entry.id)).toEqual([
      "korotovsky__slack-mcp-server",
      "io.github.modelcontextprotocol-time",
    ]);
    expect(result.warnings).toContainEqual({
      path: "[1].$schema",
      message: "not mapped to a Switchboard field; kept in extensions.registry",
    });
    expect(importIssues(`[${readFixture("archestra/slack.json")}, {"name": "y", "server": {"command": 1}}]`)).toEqual([
      { path: "[1].server.command", message: "expected string, got number" },
    ]);
  });

  it("rejects duplicate ids within one import", () => {
    const linear = readFixture("archestra/linear.json");
    expect(importIssues(`[${linear}, ${linear}]`)).toEqual([
      { path: "", message: 'duplicate entry id "linear__remote-mcp" in this import' },
    ]);
  });

  it("finding: a registry API list response ({servers: [{server, _meta}], metadata}) imports every server in it", () => {
    const listed = (name: string, version: string) => ({
      server: { name, description: "d", version, remotes: [{ type: "streamable-http", url: `https://${name.split("/")[1]}.example.com/mcp` }] }, // prettier-ignore
      _meta: { "io.modelcontextprotocol.registry/official": { status: "active", isLatest: true } },
    });
    const text = JSON.stringify({ servers: [listed("com.acme/files", "1.2.3"), listed("com.acme/mail", "2.0.0")], metadata: { count: 2, nextCursor: "com.acme/mail:2.0.0" } }); // prettier-ignore
    const result = detectAndImport(text);
    expect(result.formats).toEqual(["registry", "registry"]);
    expect(result.entries.map((entry) => [entry.id, entry.version])).toEqual([["com.acme-files", "1.2.3"], ["com.acme-mail", "2.0.0"]]); // prettier-ignore
    expect(result.warnings).toContainEqual({ path: "servers[1].server", message: "a registry API response: read the server.json inside it" }); // prettier-ignore
    expect(result.warnings).toContainEqual({ path: "metadata", message: "the list's paging metadata: ignored (import the next page on its own)" }); // prettier-ignore
    const broken = JSON.stringify({ servers: [listed("com.acme/files", "1.2.3"), { server: { name: "com.acme/x", description: "d", version: "1", packages: [{ registryType: "cargo", identifier: "x", transport: { type: "stdio" } }] } }] }); // prettier-ignore
    expect(importIssues(broken)).toEqual([{ path: "servers[1].server.packages[0]", message: "registryType cargo is not supported (supported: npm, pypi, oci, nuget, mcpb)" }]); // prettier-ignore
  });

  it("finding: several versions of one registry server (the registry's seed.json, a list of all versions) import the newest, with a note", () => {
    const server = (version: string, extra: object = {}) => ({ name: "io.github.acme/files", description: "d", version, remotes: [{ type: "streamable-http", url: `https://files.example.com/${version}/mcp` }], ...extra }); // prettier-ignore
    const result = detectAndImport(JSON.stringify([server("1.7.2"), server("1.10.0"), server("1.9.1")]));
    expect(result.entries.map((entry) => entry.version)).toEqual(["1.10.0"]);
    expect(result.warnings).toContainEqual({ path: "[0]", message: "io.github.acme/files 1.7.2: skipped, [1] is the latest version (1.10.0) of the same server" }); // prettier-ignore
    expect(result.warnings).toContainEqual({ path: "[2]", message: "io.github.acme/files 1.9.1: skipped, [1] is the latest version (1.10.0) of the same server" }); // prettier-ignore
    const marked = { servers: [{ server: server("2.0.0-beta.1"), _meta: { "io.modelcontextprotocol.registry/official": { isLatest: false } } }, { server: server("1.9.0"), _meta: { "io.modelcontextprotocol.registry/official": { isLatest: true } } }] }; // prettier-ignore
    expect(detectAndImport(JSON.stringify(marked)).entries.map((entry) => entry.version)).toEqual(["1.9.0"]);
    expect(importIssues(JSON.stringify([server("1.0.0"), server("1.0.0")]))).toEqual([
      { path: "", message: 'duplicate entry id "io.github.acme-files" in this import' },
    ]);
  });

  it("finding: a map of named servers without mcpServers around it (READMEs, Claude Code plugin .mcp.json) imports", () => {
    const text = JSON.stringify({
      "translation-mcp": { command: "uvx", args: ["--from", "git+https://github.com/Trofimov-Y/crowdin-translation-mcp", "translation-mcp"], env: { CROWDIN_PROJECT_ID: "your_project_id" } }, // prettier-ignore
      "adt-sse": {
        autoApprove: [],
        disabled: false,
        timeout: 60,
        url: "http://127.0.0.1:8000/sse",
        transportType: "sse",
      },
    });
    const result = detectAndImport(text);
    expect(result.formats).toEqual(["mcpServers"]);
    expect(result.entries.map((entry) => [entry.id, entry.server.type])).toEqual([["translation-mcp", "local"], ["adt-sse", "remote"]]); // prettier-ignore
    expect(result.warnings).toContainEqual({ path: "", message: "a map of servers without mcpServers around it: read as mcpServers" }); // prettier-ignore
    expect(result.warnings).toContainEqual({ path: '["adt-sse"].transportType', message: "read as type (Cline's spelling)" }); // prettier-ignore
    expect(detectFormat({ a: { command: "npx" }, b: "x" })).toBeUndefined();
    expect(importIssues(JSON.stringify({ a: { command: "npx", args: "x" } }))).toEqual([{ path: "a.args", message: "expected array, got string" }]); // prettier-ignore
  });

  it("finding: one server on its own (VS Code's --add-mcp / install-link JSON) imports by its name, and without a name says how to give one", () => {
    const result = detectAndImport(JSON.stringify({ name: "fetch", command: "uvx", args: ["mcp-server-fetch"] }));
    expect(result.formats).toEqual(["mcpServers"]);
    expect(result.entries.map((entry) => [entry.id, entry.server.type])).toEqual([["fetch", "local"]]);
    expect(result.warnings).toContainEqual({ path: "", message: "a single server (VS Code's --add-mcp form): read as the server fetch" }); // prettier-ignore
    expect(importIssues(JSON.stringify({ command: "npx -y mcp-registry-mcp-server" }))).toEqual([
      {
        path: "",
        message: 'a single server without a name: give it one, as {"mcpServers": {"<name>": {...}}} or with "name"',
      },
    ]);
  });

  it("finding: a Zed extension's context server (settings only) says the extension provides its command, instead of 'unrecognized format'", () => {
    const zed = { context_servers: { "markdown-pdf": { settings: { page_format: "Letter" } } } };
    expect(importIssues(JSON.stringify(zed))).toEqual([
      {
        path: 'context_servers["markdown-pdf"]',
        message:
          "a Zed extension's server: the extension provides its command, which this document does not hold; import the server's own mcpServers config or server.json instead",
      },
    ]);
  });

  it("reads its own export and stored entries strictly: version and unknown fields", () => {
    const exported = JSON.parse(exportCatalog(detectAndImport(readFixture("archestra/linear.json")).entries));
    expect(importIssues(JSON.stringify({ ...exported, schemaVersion: 2 }))).toEqual([
      { path: "schemaVersion", message: "expected 1, got 2" },
    ]);
    exported.entries[0].color = "red";
    expect(importIssues(JSON.stringify(exported))).toEqual([{ path: "entries[0].color", message: "unknown field" }]);
    delete exported.entries[0].color;
    const single = detectAndImport(JSON.stringify(exported.entries[0]));
    expect(single.formats).toEqual(["switchboard"]);
    expect(single.entries[0]?.id).toBe("linear__remote-mcp");
  });
});
