import { describe, expect, it } from "vitest";
import { detectAndImport } from "../detect-and-import.ts";
import { importIssues } from "../../../test/import-issues.ts";

/** Through the admin import's entry point, as the web UI calls it. */
function importText(text: string) {
  const result = detectAndImport(text);
  return { byId: Object.fromEntries(result.entries.map((entry) => [entry.id, entry])), warnings: result.warnings };
}

describe("client configs in their own spellings", () => {
  it("finding: a variable without a secret name in an Authorization header was refused as a header OAuth would set; it is a secret setting", () => {
    const { byId } = importText(JSON.stringify({ mcpServers: { a: { type: "http", url: "https://x.example.com/mcp", headers: { Authorization: "Bearer ${MY_VAR}" } } } })); // prettier-ignore
    expect(byId.a?.server).toMatchObject({ headers: { Authorization: "Bearer ${user_config.my_var}" } });
    expect(byId.a?.userConfig.my_var).toMatchObject({ secret: true });
    expect(byId.a?.auth).toEqual({ kind: "api_key", fields: ["my_var"] });
  });

  it('finding: a transport given as a string ("sse") was ignored and the URL guessed Streamable HTTP', () => {
    const { byId, warnings } = importText(JSON.stringify({ mcpServers: { b: { url: "https://example.com/events", transport: "sse" } } })); // prettier-ignore
    expect(byId.b?.server).toMatchObject({ transport: "sse" });
    expect(byId.b?.extensions).toEqual({});
    expect(warnings).toContainEqual({ path: "mcpServers.b.transport", message: 'read as type "sse"' });
  });

  it("reads Opencode's {env:NAME} and Gemini CLI's whole-value $NAME as settings instead of literal text", () => {
    const { byId } = importText(JSON.stringify({ mcpServers: { g: { command: "python", args: ["-m", "srv"], env: { DATABASE_URL: "$DB_CONNECTION_STRING", TOKEN_HEADER: "{env:GH}" } } } })); // prettier-ignore
    expect(byId.g?.server).toMatchObject({ env: { DATABASE_URL: "${user_config.db_connection_string}", TOKEN_HEADER: "${user_config.gh}" } }); // prettier-ignore
  });

  it("finding: a password that begins with $ was read as Gemini CLI's $NAME and kept as a setting's name and title", () => {
    const { byId } = importText(JSON.stringify({ mcpServers: { db: { command: "npx", args: ["-y", "pg-mcp"], env: { DB_PASSWORD: "$uperS3cretPw9", DB_HOST: "$DB_HOST" } } } })); // prettier-ignore
    expect(JSON.stringify(byId.db)).not.toMatch(/uperS3cretPw9/i);
    expect(byId.db?.server).toMatchObject({ env: { DB_PASSWORD: "${user_config.db_password}", DB_HOST: "${user_config.db_host}" } }); // prettier-ignore
    expect(byId.db?.userConfig.db_password).toMatchObject({ secret: true });
  });

  it("reads Codex's config.toml: bearer_token_env_var, env_http_headers and env_vars become secret settings", () => {
    const toml = [
      'model = "gpt-5"',
      "[mcp_servers.figma]",
      'url = "https://mcp.figma.com/mcp"',
      'bearer_token_env_var = "FIGMA_VAR"',
      'http_headers = { "X-Region" = "us" }',
      'env_http_headers = { "X-Api-Key" = "FIGMA_KEY" }',
      "[mcp_servers.ctx]",
      'command = "npx"',
      'args = ["-y", "@upstash/context7-mcp"]',
      'env_vars = ["CONTEXT7_API_KEY"]',
      "startup_timeout_sec = 20",
    ].join("\n");
    const { byId, warnings } = importText(toml);
    expect(byId.figma?.server).toEqual({
      type: "remote",
      url: "https://mcp.figma.com/mcp",
      transport: "streamable-http",
      headers: { "X-Region": "us", "X-Api-Key": "${user_config.figma_key}", Authorization: "Bearer ${user_config.figma_var}" }, // prettier-ignore
    });
    expect([byId.figma?.userConfig.figma_var?.secret, byId.figma?.userConfig.figma_key?.secret]).toEqual([true, true]);
    expect(byId.ctx?.server).toMatchObject({ env: { CONTEXT7_API_KEY: "${user_config.context7_api_key}" } });
    expect(byId.ctx?.extensions).toEqual({ mcpServers: { startup_timeout_sec: 20 } });
    expect(warnings[0]).toEqual({ path: "", message: "TOML (a Codex config.toml): read as the same data in JSON" });
  });

  it("reads Goose's config.yaml: cmd, envs, env_keys (always secret) and uri; built-in extensions are noted, not imported", () => {
    const yaml = [
      "GOOSE_PROVIDER: openai",
      "extensions:",
      "  developer: {bundled: true, enabled: true, name: developer, type: builtin}",
      "  search:",
      "    cmd: npx",
      "    args: [-y, '@modelcontextprotocol/server-brave-search']",
      "    envs: {LOG_LEVEL: info}",
      "    env_keys: [BRAVE_SEARCH]",
      "    type: stdio",
      "    display_name: Brave Search",
      "  podman:",
      "    type: sse",
      "    uri: http://podman.example.com:8080/sse",
    ].join("\n");
    const { byId, warnings } = importText(yaml);
    expect(Object.keys(byId)).toEqual(["search", "podman"]);
    expect(byId.search).toMatchObject({
      name: "Brave Search",
      server: { command: "npx", env: { BRAVE_SEARCH: "${user_config.brave_search}", LOG_LEVEL: "info" } },
      userConfig: { brave_search: { secret: true } },
    });
    expect(byId.podman?.server).toMatchObject({ type: "remote", url: "http://podman.example.com:8080/sse", transport: "sse" }); // prettier-ignore
    expect(warnings).toContainEqual({ path: "extensions.developer", message: "a Goose builtin extension: part of Goose itself, with nothing to run; not imported" }); // prettier-ignore
  });

  it("reads Continue's list of named servers, its requestOptions.headers and ${{ secrets.NAME }}; a server without a name says where", () => {
    const yaml = "name: Blocks\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: remote\n    type: streamable-http\n    url: https://mcp.example.com/mcp\n    requestOptions:\n      headers:\n        X-Team: ${{ secrets.TEAM }}\n"; // prettier-ignore
    const { byId, warnings } = importText(yaml);
    expect(byId.remote?.server).toMatchObject({ headers: { "X-Team": "${user_config.team}" } });
    expect(byId.remote?.userConfig.team).toMatchObject({ secret: true });
    expect(warnings).toContainEqual({ path: "mcpServers[0].requestOptions.headers", message: "read as the server's headers (Continue's spelling)" }); // prettier-ignore
    expect(importIssues("mcpServers:\n  - command: npx\n")).toEqual([
      { path: "mcpServers[0].name", message: "expected the server's name (a list of servers names each one)" },
    ]);
  });

  it("reads LibreChat's customUserVars as the titles of its {{NAME}} settings and refuses a websocket server by name", () => {
    const yaml = "mcpServers:\n  gh:\n    type: streamable-http\n    url: https://api.githubcopilot.com/mcp/\n    headers:\n      Authorization: 'Bearer {{PAT}}'\n    customUserVars:\n      PAT: {title: GitHub PAT, description: Your token}\n"; // prettier-ignore
    expect(importText(yaml).byId.gh?.userConfig.pat).toMatchObject({ title: "GitHub PAT", description: "Your token", secret: true }); // prettier-ignore
    expect(importIssues("mcpServers:\n  ws:\n    type: websocket\n    url: ws://localhost:8080\n")).toEqual([
      { path: "mcpServers.ws.type", message: "a WebSocket server (LibreChat's websocket type): Switchboard connects to remote servers over Streamable HTTP or SSE only" }, // prettier-ignore
    ]);
  });

  it("reads Docker's MCP catalog (registry:): an image with its secrets, env and command, or a remote", () => {
    const yaml = [
      "registry:",
      "  atlassian:",
      "    title: Atlassian",
      "    type: server",
      "    image: mcp/atlassian",
      "    secrets: [{name: atlassian.jira.api_token, env: JIRA_API_TOKEN}]",
      "    env: [{name: JIRA_URL, value: '{{atlassian.jira_url}}'}]",
      "    command: [--transport=stdio]",
      "    config: [{name: atlassian, type: object, properties: {jira_url: {type: string, description: Jira URL}}}]",
      "  linear:",
      "    type: remote",
      "    remote: {transport_type: streamable-http, url: https://mcp.linear.app/mcp}",
      "    oauth: [{provider: linear, secret: linear.personal_access_token, env: LINEAR_TOKEN}]",
    ].join("\n");
    const { byId } = importText(yaml);
    expect(byId.atlassian).toMatchObject({
      name: "Atlassian",
      server: { runtime: "image", image: "mcp/atlassian", args: ["--transport=stdio"], env: { JIRA_API_TOKEN: "${user_config.jira_api_token}", JIRA_URL: "${user_config.jira_url}" } }, // prettier-ignore
      userConfig: { jira_api_token: { secret: true }, jira_url: { secret: false, description: "Jira URL" } },
    });
    expect(byId.linear?.server).toEqual({ type: "remote", url: "https://mcp.linear.app/mcp", transport: "streamable-http", headers: {} }); // prettier-ignore
  });

  it("finding: Gemini CLI's ${extensionPath} (gemini-extension.json) became a required setting a member typed a path into; it is the directory of files the document does not include", () => {
    // Gemini CLI sets it to the extension's own directory: no member has a value for it, and no container has those files.
    const { byId, warnings } = importText(JSON.stringify({ name: "ext", mcpServers: { s: { command: "node", args: ["${extensionPath}${/}dist${/}server.js"] } } })); // prettier-ignore
    expect(byId.s?.server).toMatchObject({ args: ["${__dirname}/dist/server.js"] });
    expect(byId.s?.userConfig).toEqual({});
    expect(warnings).toContainEqual({ path: "mcpServers.s.args[0]", message: "${extensionPath} (the Gemini CLI extension's own directory): read as the directory of the server's files, ${__dirname}" }); // prettier-ignore
    expect(warnings).toContainEqual({ path: "", message: "s: its server's files (${__dirname}) come from a bundle or checkout this document does not include, so the container will not have them; import the server.json that lists its MCP bundle (registryType mcpb), which downloads and checks it, or set an image that has them" }); // prettier-ignore
    const plugin = importText(JSON.stringify({ mcpServers: { p: { command: "node", args: ["${CLAUDE_PLUGIN_ROOT}/server.js"] } } })); // prettier-ignore
    expect(plugin.byId.p?.server).toMatchObject({ args: ["${__dirname}/server.js"] });
  });

  it("finding: Crush's $(echo Bearer $TOKEN) header became one secret setting named after the header, the Bearer prefix left for a member to type; it is the text echo prints, its $NAME a setting", () => {
    const crush = { $schema: "https://charm.land/crush.json", mcp: { gh: { type: "http", url: "https://example.com/mcp/", headers: { Authorization: "$(echo Bearer $EXAMPLE_MCP_TOKEN)", "X-Team": "$(echo ${TEAM})" } }, sh: { type: "sse", url: "https://example.com/sse", headers: { "API-Key": "$(cat ~/.key)" } } } }; // prettier-ignore
    const { byId, warnings } = importText(JSON.stringify(crush));
    expect(byId.gh?.server).toMatchObject({ headers: { Authorization: "Bearer ${user_config.example_mcp_token}", "X-Team": "${user_config.team}" } }); // prettier-ignore
    expect(byId.gh?.userConfig).toMatchObject({ example_mcp_token: { title: "EXAMPLE_MCP_TOKEN", secret: true }, team: { secret: false } }); // prettier-ignore
    expect(warnings).toContainEqual({ path: "mcp.gh.headers.Authorization", message: "Crush's $(echo …): read as the text it prints" }); // prettier-ignore
    // Any other command's output is nothing the import can know: the header's name says it is a credential.
    expect(byId.sh?.server).toMatchObject({ headers: { "API-Key": "${user_config.api_key}" } });
    expect(JSON.stringify(byId.sh)).not.toContain("~/.key");
  });

  it("finding: a Gemini CLI extension's or Claude Code plugin's description (gemini-extension.json, plugin.json) was ignored, leaving its one server's entry without one; it is the entry's", () => {
    const { byId, warnings } = importText(JSON.stringify({ name: "Stitch", version: "0.1.0", description: "Generate UI from text.", mcpServers: { stitch: { httpUrl: "https://stitch.googleapis.com/mcp" } } })); // prettier-ignore
    expect(byId.stitch?.description).toBe("Generate UI from text.");
    expect(warnings).toContainEqual({ path: "description", message: "the extension's or plugin's description: the description of its one server" }); // prettier-ignore
    const two = importText(JSON.stringify({ description: "Two servers.", mcpServers: { a: { url: "https://a.example.com/mcp" }, b: { url: "https://b.example.com/mcp", description: "B" } } })); // prettier-ignore
    expect([two.byId.a?.description, two.byId.b?.description]).toEqual(["", "B"]);
    const leaked = importText(JSON.stringify({ description: "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789", mcpServers: { a: { url: "https://a.example.com/mcp" } } })); // prettier-ignore
    expect(JSON.stringify(leaked.byId)).not.toContain("sk-proj-");
  });

  it("finding: LibreChat's oauth block (authorization_url, token_url, client_id, scope) was ignored and the server assumed to register itself (DCR) with no scopes; it is the generic OAuth it describes", () => {
    const yaml = ["mcpServers:", "  oauth-example:", "    type: streamable-http", "    url: https://api.example.com/mcp/", "    oauth:", "      authorization_url: https://example.com/oauth/authorize", "      token_url: https://example.com/oauth/token", "      client_id: your_client_id", "      client_secret: 0123456789abcdef0123456789abcdef01234567", "      redirect_uri: http://localhost:3080/oauth/callback", "      scope: 'read execute'"].join("\n"); // prettier-ignore
    const { byId, warnings } = importText(yaml);
    expect(byId["oauth-example"]?.auth).toEqual({ kind: "oauth2_generic", providerId: "oauth-example", authorizationUrl: "https://example.com/oauth/authorize", tokenUrl: "https://example.com/oauth/token", scopes: ["read", "execute"], defaultScopes: ["read", "execute"], authorizationParams: {}, delivery: [{ kind: "header" }] }); // prettier-ignore
    expect(JSON.stringify(byId)).not.toContain("0123456789abcdef");
    expect(warnings).toContainEqual({ path: 'mcpServers["oauth-example"].oauth', message: "LibreChat's oauth block: read as its endpoints, client and scopes" }); // prettier-ignore
  });

  it("finding: a LiteLLM config.yaml's auth_type and auth_value (os.environ/NAME) were kept aside, so its servers were imported without their credentials; they are the headers LiteLLM sends, from secret settings", () => {
    const yaml = [
      "model_list:",
      "  - model_name: gpt-4o",
      "    litellm_params: {model: openai/gpt-4o, api_key: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789}",
      "mcp_servers:",
      "  inventory:",
      '    url: "https://mcp.example.com/mcp"',
      '    transport: "http"',
      '    auth_type: "api_key"',
      "    auth_value: os.environ/INVENTORY_API_KEY",
      "  legacy:",
      '    url: "https://legacy.example.com/mcp"',
      '    auth_type: "bearer_token"',
      '    auth_value: "abc123"',
      "    static_headers:",
      "      X-Tenant: os.environ/TENANT_ID",
    ].join("\n");
    const { byId, warnings } = importText(yaml);
    expect(byId.inventory?.server).toMatchObject({ headers: { "X-API-Key": "${user_config.inventory_api_key}" } });
    expect(byId.inventory?.userConfig.inventory_api_key).toMatchObject({ secret: true });
    expect(byId.legacy?.server).toMatchObject({ headers: { Authorization: "Bearer ${user_config.authorization}", "X-Tenant": "${user_config.tenant_id}" } }); // prettier-ignore
    expect(JSON.stringify(byId)).not.toMatch(/abc123|sk-proj-/);
    expect(warnings).toContainEqual({ path: "mcp_servers.inventory.auth_type", message: 'LiteLLM\'s auth_type "api_key": its auth_value sent as the X-API-Key header' }); // prettier-ignore
  });

  it("finding: a Gemini CLI extension's settings (envVar, sensitive) were ignored, so its server started without the API key it asks for; each is a setting in the servers' env", () => {
    const extension = {
      name: "nanobanana",
      mcpServers: { nanobanana: { command: "npx", args: ["-y", "nanobanana-mcp"], env: { LOG: "1" } }, hosted: { httpUrl: "https://mcp.example.com/mcp" } }, // prettier-ignore
      settings: [
        { name: "API Key", description: "Your API key for the service.", envVar: "MODEL_API_KEY" },
        { name: "Workspace", description: "Workspace id", envVar: "WORKSPACE", sensitive: true },
        { name: "Region", description: "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789", envVar: "REGION" },
      ],
    };
    const { byId, warnings } = importText(JSON.stringify(extension));
    expect(byId.nanobanana?.server).toMatchObject({ env: { LOG: "1", MODEL_API_KEY: "${user_config.model_api_key}", WORKSPACE: "${user_config.workspace}", REGION: "${user_config.region}" } }); // prettier-ignore
    expect(byId.nanobanana?.userConfig).toMatchObject({
      model_api_key: { title: "API Key", description: "Your API key for the service.", secret: true, required: true },
      workspace: { title: "Workspace", description: "Workspace id", secret: true },
      region: { title: "Region", description: "", secret: false },
    });
    expect(byId.hosted?.userConfig).toEqual({});
    expect(JSON.stringify(byId)).not.toContain("sk-proj-");
    expect(warnings).toContainEqual({ path: "settings", message: "a Gemini CLI extension's settings: each became a setting of its local servers' env (MODEL_API_KEY, WORKSPACE, REGION)" }); // prettier-ignore
    expect(warnings).toContainEqual({ path: "settings[2].description", message: "looks like a credential, not a description: left out" }); // prettier-ignore
    expect(warnings).not.toContainEqual({ path: "settings", message: "not part of any server; ignored" });
  });

  it("finding: Continue's older config.json (experimental.modelContextProtocolServers) was an unrecognized format", () => {
    const text = JSON.stringify({ models: [{ title: "GPT-4", apiKey: "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789" }], experimental: { modelContextProtocolServers: [{ transport: { type: "stdio", command: "uvx", args: ["mcp-server-sqlite", "--db-path", "/tmp/test.db"] } }] } }); // prettier-ignore
    const { byId, warnings } = importText(text);
    expect(byId["mcp-server-sqlite"]?.server).toMatchObject({ command: "uvx", args: ["mcp-server-sqlite", "--db-path", "/tmp/test.db"] }); // prettier-ignore
    expect(warnings).toContainEqual({ path: "models", message: "not part of any server; ignored" });
    expect(JSON.stringify(byId)).not.toContain("sk-proj-");
  });

  it("finding: numbers and booleans in args and env (as READMEs write them) were refused; they are read as text, with a note", () => {
    const { byId, warnings } = importText(JSON.stringify({ mcpServers: { x: { command: "npx", args: ["-y", "x-mcp", "--port", 8080], env: { DEBUG: true, PORT: 3000 } } } })); // prettier-ignore
    expect(byId.x?.server).toMatchObject({ args: ["-y", "x-mcp", "--port", "8080"], env: { DEBUG: "true", PORT: "3000" } }); // prettier-ignore
    expect(warnings).toContainEqual({ path: "mcpServers.x.env.DEBUG", message: 'true read as the text "true"' });
    expect(importIssues(JSON.stringify({ mcpServers: { x: { command: "npx", env: { TOKEN: null } } } }))).toEqual([
      { path: "mcpServers.x.env.TOKEN", message: "expected string, got null" },
    ]);
  });

  it("finding: a secret variable in a URL's query and a program given by a desktop variable were refused with the entry's paths and placeholder names; the refusals now name the document's field and say why", () => {
    expect(
      importIssues(
        JSON.stringify({
          mcpServers: {
            sm: {
              type: "http",
              url: "https://server.smithery.ai/@upstash/context7-mcp/mcp?api_key=${SMITHERY_API_KEY}",
            },
          },
        }),
      ),
    ).toEqual([
      // prettier-ignore
      { path: "mcpServers.sm.url", message: "the URL carries a secret (SMITHERY_API_KEY): Switchboard keeps secrets out of URLs, which end up in logs; pass it in a header instead" }, // prettier-ignore
    ]);
    expect(
      importIssues(
        JSON.stringify({
          mcpServers: {
            db: {
              command: "${CLAUDE_PLUGIN_ROOT}/servers/db-server",
              args: ["--config", "${CLAUDE_PLUGIN_ROOT}/config.json"],
            },
          },
        }),
      ),
    ).toEqual([
      // prettier-ignore
      { path: "mcpServers.db.command", message: "the program is given by ${CLAUDE_PLUGIN_ROOT}, a path on the desktop the config was written for (a plugin or extension directory, for one): members never choose the program a container runs; import the server's package (npx, uvx) or image instead" }, // prettier-ignore
    ]);
  });

  it("a launcher under a desktop variable (${HOME}/.local/bin/uvx) still runs as that launcher", () => {
    const { byId } = importText(JSON.stringify({ mcpServers: { f: { command: "${HOME}/.local/bin/uvx", args: ["mcp-server-fetch"] }, g: { command: "$HOME/.local/bin/uvx", args: ["mcp-server-git"] } } })); // prettier-ignore
    expect([byId.f?.server, byId.g?.server]).toMatchObject([{ runtime: "python", command: "uvx" }, { runtime: "python", command: "uvx" }]); // prettier-ignore
  });

  it("finding: problems the entry check finds were reported at the entry's paths (mcpServers.a.server.env); they are at the document's fields", () => {
    expect(
      importIssues(
        JSON.stringify({
          mcpServers: {
            a: { command: "npx", env: { "my-var": "x" } },
            c: { command: "docker", args: ["run", "-i", "Not A Valid Image!"] },
          },
        }),
      ),
    ).toEqual([
      // prettier-ignore
      { path: 'mcpServers.a.env["my-var"]', message: 'invalid key: expected an environment variable name matching [A-Za-z_][A-Za-z0-9_]*, got "my-var"' }, // prettier-ignore
      { path: "mcpServers.c.args", message: 'expected a container image reference such as node:24-bookworm-slim, got "Not A Valid Image!"' }, // prettier-ignore
    ]);
  });

  it('finding: a README fragment ("mcpServers": {…} without braces) was invalid JSON; it is read with braces around it', () => {
    const { byId, warnings } = importText('"augment.advanced": {\n  "mcpServers": [\n    {"name": "context7", "command": "npx", "args": ["-y", "@upstash/context7-mcp"]}\n  ]\n}\n'); // prettier-ignore
    expect(byId.context7?.server).toMatchObject({ command: "npx", args: ["-y", "@upstash/context7-mcp"] });
    expect(warnings[0]).toEqual({ path: "", message: 'a fragment of a file ("key": value, as READMEs print the part to paste): read with braces around it' }); // prettier-ignore
    expect(importText('"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"]}},').byId.fetch).toBeDefined(); // prettier-ignore
  });

  it("finding: a README code block pasted with its ``` fences was invalid JSON; it is read as its contents, errors at the pasted lines", () => {
    const { byId, warnings } = importText('```json\n{"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"]}}}\n```\n'); // prettier-ignore
    expect(byId.fetch?.server).toMatchObject({ command: "uvx" });
    expect(warnings[0]).toEqual({ path: "", message: "a Markdown code block (``` fences around it): read as its contents" }); // prettier-ignore
    expect(importIssues('```json\n{\n  "mcpServers": {,}\n}\n```')[0]?.message).toMatch(
      /^invalid JSON at line 3, column 18: /,
    );
  });

  it("says where YAML and TOML are broken", () => {
    expect(importIssues("mcpServers:\n  a: {command: npx\n")[0]?.message).toMatch(
      /^invalid YAML at line \d+, column \d+: /,
    );
    expect(importIssues('[mcp_servers.a]\ncommand = "npx\n')[0]?.message).toMatch(
      /^invalid TOML at line 2, column \d+: /,
    );
  });
});
