import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CatalogImportError, detectAndImport, type CatalogEntry } from "../src/index.ts";
import { configStrings, deriveSample, flaggedSecrets, plainValues, sampleValue } from "./secret-exposure.ts";

/**
 * Property: whatever credential a document carries, wherever it sits (env value, JSON inside an env
 * value, `--flag=value`, `--flag value`, `docker -e NAME=value`, a header, a registry fixed value,
 * an Archestra env), if the secret detector flags it, it never appears in the derived launch
 * spec's argv, URL or a plain (non-secret) env var or header, nor anywhere in the catalog entry.
 */
const ALNUM = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"];
const tail = (min: number) => fc.string({ unit: fc.constantFrom(...ALNUM), minLength: min, maxLength: min + 12 });

/** Values shaped like real credentials, and opaque ones that only their name gives away. */
const secretValue = fc.oneof(
  tail(36).map((t) => `ghp_${t}`),
  tail(24).map((t) => `sk-proj-${t}`),
  tail(20).map((t) => `xoxb-${t}`),
  tail(24).map((t) => `ntn_${t}`),
  tail(24).map((t) => `sk_live_${t}`),
  fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), minLength: 16, maxLength: 16 }).map((t) => `AKIA${t}`), // prettier-ignore
  fc.tuple(tail(12), tail(12), tail(12)).map(([a, b, c]) => `eyJ${a}.${b}.${c}`),
  tail(10).map((t) => `opaque-${t}`),
);
const secretName = fc.constantFrom("API_KEY", "DT_PLATFORM_TOKEN", "OAUTH_CLIENT_SECRET", "DB_PASSWORD", "X_ACCESS_TOKEN", "PAGERDUTY_USER_API_KEY"); // prettier-ignore
const plainName = fc.constantFrom("LOG_LEVEL", "REGION", "MODE");
const flag = fc.constantFrom("--api-key", "--access-token", "--token", "--password", "--client-secret");

/** One credential placed somewhere in one of the three formats. */
const document = fc.oneof(
  fc.record({ name: secretName, value: secretValue }).map(({ name, value }) => ({ mcpServers: { s: { command: "npx", args: ["-y", "pkg"], env: { [name]: value, LOG_LEVEL: "info" } } } })), // prettier-ignore
  fc.record({ name: plainName, value: secretValue }).map(({ name, value }) => ({ mcpServers: { s: { command: "npx", args: ["pkg", `--url=https://user:${value}@db.example.com/x`], env: { [name]: value } } } })), // prettier-ignore
  secretValue.map((value) => ({ mcpServers: { s: { command: "npx", args: ["pkg"], env: { OPENAPI_MCP_HEADERS: JSON.stringify({ Authorization: `Bearer ${value}`, "Notion-Version": "2022-06-28" }) } } } })), // prettier-ignore
  fc.record({ flag, value: secretValue, inline: fc.boolean() }).map(({ flag: f, value, inline }) => ({ mcpServers: { s: { command: "npx", args: inline ? ["-y", "pkg", `${f}=${value}`] : ["-y", "pkg", f, value] } } })), // prettier-ignore
  fc.record({ name: secretName, value: secretValue }).map(({ name, value }) => ({ mcpServers: { s: { command: "docker", args: ["run", "-i", "--rm", "-e", `${name}=${value}`, "example/image"] } } })), // prettier-ignore
  secretValue.map((value) => ({ mcpServers: { s: { command: `npx mcp-remote https://mcp.example.com/mcp --header "Authorization: Bearer ${value}"` } } })), // prettier-ignore
  secretValue.map((value) => ({ servers: { s: { type: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: `Bearer ${value}` } } } })), // prettier-ignore
  fc.record({ name: secretName, value: secretValue }).map(({ name, value }) => ({ name: "io.github.acme/tool", description: "Tool", version: "1.0.0", packages: [{ registryType: "npm", identifier: "tool", transport: { type: "stdio" }, environmentVariables: [{ name, value }] }] })), // prettier-ignore
  secretValue.map((value) => ({ name: "io.github.acme/tool", description: "Tool", version: "1.0.0", remotes: [{ type: "streamable-http", url: "https://mcp.example.com/mcp", headers: [{ name: "Authorization", value: `Bearer ${value}` }] }] })), // prettier-ignore
  fc.record({ name: secretName, value: secretValue, flag }).map(({ name, value, flag: f }) => ({ name: "acme__tool", server: { command: "npx", args: ["-y", "tool", `${f}=${value}`], env: { [name]: value } } })), // prettier-ignore
);

/** The entries the import makes of a document; none when it refuses the document, which it may. */
function importEntries(source: unknown): CatalogEntry[] {
  try {
    return detectAndImport(JSON.stringify(source)).entries;
  } catch (error) {
    if (error instanceof CatalogImportError) return [];
    throw error;
  }
}

describe("secret detection (property-based)", () => {
  it("a secret setting's value reaches argv only at an index the launch marks secret, and never a plain env var, header or URL", () => {
    fc.assert(
      fc.property(document, (source) => {
        for (const entry of importEntries(source)) {
          const { launch } = deriveSample(entry);
          if (!launch) continue;
          const secretValues = Object.entries(entry.userConfig).filter(([, field]) => field.secret).map(([key, field]) => String(sampleValue(key, field))); // prettier-ignore
          const exposed = plainValues(launch);
          for (const secret of secretValues) expect(exposed.filter((value) => value.includes(secret))).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it("a flagged credential never reaches argv, a URL, a plain env var or header, or the catalog entry", () => {
    fc.assert(
      fc.property(document, (source) => {
        const secrets = flaggedSecrets(source);
        expect(secrets.length).toBeGreaterThan(0);
        for (const entry of importEntries(source)) {
          const { launch } = deriveSample(entry);
          const exposed = [...(launch ? plainValues(launch) : []), ...configStrings(entry)];
          for (const secret of secrets) expect(exposed.filter((value) => value.includes(secret))).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  }, 30_000);
});
