import { describe, expect, it } from "vitest";
import { localEntryInput } from "../../test/entries.ts";
import { describeIssue } from "../errors/catalog-error.ts";
import { formatIssues } from "../errors/format-issues.ts";
import { catalogEntrySchema } from "./catalog-entry.ts";
import type { CatalogEntryInput } from "./catalog-entry.ts";

const base = localEntryInput;

const token = { type: "string", title: "Token", secret: true, required: true } as const;
const envDelivery = { kind: "env", accessTokenEnvVar: "ACME_TOKEN" } as const;
const oauthEnv: Extract<CatalogEntryInput["auth"], { kind: "oauth2_generic" }> = {
  kind: "oauth2_generic",
  providerId: "acme",
  authorizationUrl: "https://a.example/authorize",
  tokenUrl: "https://a.example/token",
  delivery: [envDelivery],
};

function problems(overrides: Partial<CatalogEntryInput>): string[] {
  const result = catalogEntrySchema.safeParse({ ...base, ...overrides }, { reportInput: true });
  return result.success ? [] : formatIssues(result.error.issues).map(describeIssue);
}

function withArgs(args: string[], extra: Partial<CatalogEntryInput> = {}): string[] {
  return problems({ server: { ...base.server, args }, ...extra });
}

describe("catalog entry templates", () => {
  it("accepts declared settings, tokens where allowed, and ${__dirname}", () => {
    expect(withArgs(["${__dirname}/index.js", "--key=${user_config.key}"], { userConfig: { key: token } })).toEqual([]);
    expect(problems({ server: { ...base.server, env: { X: "Bearer ${access_token}" } }, auth: oauthEnv })).toEqual([]);
  });

  it("names unknown placeholders and what is expected", () => {
    expect(withArgs(["--home=${HOME}"])).toEqual([
      "server.args[0]: unknown placeholder ${HOME}; expected ${user_config.<key>}, ${access_token}, ${expires_at} or ${__dirname}",
    ]);
    expect(withArgs(["${user_config.missing}"])).toEqual([
      'server.args[0]: ${user_config.missing} refers to no setting: userConfig has no key "missing"',
    ]);
    expect(withArgs(["${oops"])).toEqual(['server.args[0]: unterminated placeholder "${oops"']);
  });

  it("does not find settings on the object prototype", () => {
    expect(withArgs(["${user_config.constructor}", "${user_config.toString}"])).toEqual([
      'server.args[0]: ${user_config.constructor} refers to no setting: userConfig has no key "constructor"',
      'server.args[1]: ${user_config.toString} refers to no setting: userConfig has no key "toString"',
    ]);
  });

  it("keeps refresh tokens out of servers", () => {
    expect(problems({ server: { ...base.server, env: { R: "${refresh_token}" } }, auth: oauthEnv })).toEqual([
      "server.env.R: ${refresh_token} is not available: Switchboard keeps refresh tokens and refreshes in the background",
    ]);
  });

  it("keeps tokens out of argv and needs OAuth for them", () => {
    expect(withArgs(["--token=${access_token}"], { auth: oauthEnv })[0]).toMatch(
      /^server\.args\[0\]: \$\{access_token\} is not allowed in args: tokens go only into env, headers and files/,
    );
    expect(problems({ server: { ...base.server, env: { T: "${access_token}" } } })).toEqual([
      "server.env.T: ${access_token} needs an OAuth auth kind; this entry's auth yields no token",
    ]);
  });

  it("expands multiple settings only in args, one per argument", () => {
    const dirs = { type: "directory", title: "Dirs", multiple: true } as const;
    expect(withArgs(["${user_config.dirs}"], { userConfig: { dirs } })).toEqual([]);
    expect(problems({ server: { ...base.server, env: { D: "${user_config.dirs}" } }, userConfig: { dirs } })).toEqual([
      "server.env.D: ${user_config.dirs} is a multiple setting, which only args can expand",
    ]);
    expect(withArgs(["${user_config.dirs}:${user_config.more}"], { userConfig: { dirs, more: dirs } })).toEqual([
      "server.args[0]: an argument may use at most one multiple setting",
    ]);
  });

  it("keeps secrets out of remote URLs", () => {
    const server = { type: "remote", url: "https://mcp.example.com/?key=${user_config.key}" } as const;
    expect(problems({ server, userConfig: { key: token }, auth: { kind: "api_key", fields: ["key"] } })).toEqual([
      "server.url: ${user_config.key} is a secret setting: URLs end up in logs",
    ]);
  });
});

describe("catalog entry auth and server rules", () => {
  it("requires an image for runtime image and a command otherwise", () => {
    expect(problems({ server: { type: "local", runtime: "image" } })).toEqual([
      "server.image: required when runtime is image",
    ]);
    expect(problems({ server: { type: "local", runtime: "python" } })).toEqual([
      "server.command: required: expected string (runtime python)",
    ]);
  });

  it("requires api_key fields to be declared secret settings", () => {
    const userConfig = { plain: { type: "string", title: "Plain" } } as const;
    expect(problems({ userConfig, auth: { kind: "api_key", fields: ["plain", "absent"] } })).toEqual([
      "auth.fields[0]: userConfig.plain must be a secret setting",
      'auth.fields[1]: userConfig has no key "absent"',
    ]);
  });

  it("needs a remote server for the remote MCP kinds and only header delivery there", () => {
    expect(problems({ auth: { kind: "remote_mcp_dcr" } })).toEqual([
      'auth.kind: remote_mcp_dcr needs a remote server (server.type "remote")',
      "auth.delivery[0]: header delivery needs server.http (a server that speaks HTTP)",
    ]);
    const server = { type: "remote", url: "https://mcp.example.com/mcp", headers: { authorization: "x" } } as const;
    expect(problems({ server, auth: { ...oauthEnv } })).toEqual([
      "auth.delivery[0].kind: a remote server receives its token only as a header",
    ]);
    expect(problems({ server, auth: { kind: "remote_mcp_dcr" } })).toEqual([
      "server.headers: Authorization is set by the header token delivery",
    ]);
  });

  it("rejects env delivery over an existing variable and duplicate deliveries", () => {
    const server = { ...base.server, env: { ACME_TOKEN: "x" } };
    expect(problems({ server, auth: oauthEnv })).toEqual([
      "auth.delivery[0].accessTokenEnvVar: server.env already sets ACME_TOKEN",
    ]);
    const twice = { ...oauthEnv, delivery: [envDelivery, envDelivery] };
    expect(problems({ auth: twice })).toEqual(["auth.delivery[1]: duplicate env delivery"]);
  });

  it("protects the OAuth flow's own parameters and checks scopes", () => {
    const auth = { ...oauthEnv, scopes: ["read"], defaultScopes: ["write"], authorizationParams: { redirect_uri: "https://evil.example", prompt: "consent" } }; // prettier-ignore
    expect(problems({ auth })).toEqual([
      "auth.authorizationParams.redirect_uri: redirect_uri is set by Switchboard's OAuth flow",
      "auth.defaultScopes[0]: write is not listed in auth.scopes",
    ]);
  });

  it("requires https OAuth endpoints except on loopback", () => {
    expect(problems({ auth: { ...oauthEnv, tokenUrl: "http://auth.example.com/token" } })).toEqual([
      'auth.tokenUrl: expected an https URL (http only for localhost), got "http://auth.example.com/token"',
    ]);
    expect(problems({ auth: { ...oauthEnv, tokenUrl: "http://127.0.0.1:4000/token" } })).toEqual([]);
  });

  it("checks setting definitions", () => {
    const userConfig: CatalogEntryInput["userConfig"] = {
      secretWithDefault: { type: "string", title: "S", secret: true, default: "visible" },
      port: { type: "number", title: "Port", default: "abc", min: 10, max: 1 },
      choice: { type: "boolean", title: "C", enum: ["a"] },
    };
    expect(problems({ userConfig })).toEqual([
      "userConfig.secretWithDefault.default: a secret setting cannot have a default: defaults are visible to every member",
      "userConfig.port.min: expected min <= max",
      "userConfig.port.default: expected a number, got string",
      "userConfig.choice.enum: only string settings can have choices",
    ]);
  });

  it("accepts emoji and URL icons only", () => {
    expect(problems({ icon: "🐙" })).toEqual([]);
    expect(problems({ icon: "https://example.com/icon.png" })).toEqual([]);
    expect(problems({ icon: "icon.png" })).toEqual(['icon: expected an http(s) image URL or an emoji, got "icon.png"']);
  });
});
