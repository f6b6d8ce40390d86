import { describe, expect, it } from "vitest";
import { z } from "zod";
import { localEntryInput } from "../../test/entries.ts";
import { catalogEntrySchema } from "../schema/catalog-entry.ts";
import { describeIssue } from "./catalog-error.ts";
import { formatIssues } from "./format-issues.ts";
import { formatPath, joinPaths } from "./format-path.ts";

function messagesFor(value: unknown): string[] {
  const result = catalogEntrySchema.safeParse(value, { reportInput: true });
  return result.success ? [] : formatIssues(result.error.issues).map(describeIssue);
}

const valid = localEntryInput;

describe("formatIssues", () => {
  it("names the path, the expected type and the received type", () => {
    expect(messagesFor({ ...valid, server: { ...valid.server, command: 42 } })).toEqual([
      "server.command: expected string, got number",
    ]);
    expect(messagesFor({ ...valid, server: { ...valid.server, args: ["ok", null] } })).toEqual([
      "server.args[1]: expected string, got null",
    ]);
  });

  it("reports a missing required field as required", () => {
    const { name: _name, ...withoutName } = valid;
    expect(messagesFor(withoutName)).toEqual(["name: required: expected string"]);
  });

  it("lists allowed values of enums, literals and discriminators", () => {
    expect(messagesFor({ ...valid, source: "vendor" })).toEqual([
      'source: expected one of "builtin", "developer", "custom", got "vendor"',
    ]);
    expect(messagesFor({ ...valid, schemaVersion: 2 })).toEqual(["schemaVersion: expected 1, got 2"]);
    expect(messagesFor({ ...valid, auth: { kind: "oauth" } })).toEqual([
      'auth.kind: expected kind to be one of "none", "api_key", "oauth2_generic", "mcp_oauth", "remote_mcp_static", "remote_mcp_dcr"',
    ]);
  });

  it("explains format rules with the offending value", () => {
    expect(messagesFor({ ...valid, id: "My Server" })).toEqual([
      'id: expected a lowercase slug matching [a-z0-9][a-z0-9._-]*, got "My Server"',
    ]);
    expect(messagesFor({ ...valid, homepage: "not a url" })).toEqual([
      'homepage: expected an http(s) URL, got "not a url"',
    ]);
  });

  it("reports sizes, unknown fields and bad record keys", () => {
    expect(messagesFor({ ...valid, name: "" })).toEqual(["name: expected a non-empty string"]);
    expect(messagesFor({ ...valid, color: "red" })).toEqual(["color: unknown field"]);
    expect(messagesFor({ ...valid, server: { ...valid.server, env: { "BAD-NAME": "x" } } })).toEqual([
      'server.env["BAD-NAME"]: invalid key: expected an environment variable name matching [A-Za-z_][A-Za-z0-9_]*, got "BAD-NAME"',
    ]);
    const small = z.strictObject({ port: z.int().min(1), list: z.array(z.string()).max(1) });
    const result = small.safeParse({ port: 0, list: ["a", "b"] }, { reportInput: true });
    expect(formatIssues(result.error?.issues ?? []).map(describeIssue)).toEqual([
      "port: expected a number >= 1",
      "list: expected at most 1 item",
    ]);
  });

  it("formats paths with brackets for indexes and non-identifier keys", () => {
    expect(formatPath(["server", "args", 2])).toBe("server.args[2]");
    expect(formatPath(["userConfig", "my key", "default"])).toBe('userConfig["my key"].default');
    expect(formatPath([])).toBe("");
    expect(joinPaths("[2]", "server.url")).toBe("[2].server.url");
    expect(joinPaths("mcpServers.x", "[0]")).toBe("mcpServers.x[0]");
  });
});
