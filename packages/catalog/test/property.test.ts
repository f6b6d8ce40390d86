import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CatalogImportError,
  LaunchSpecError,
  deriveLaunchSpec,
  detectAndImport,
  exportCatalog,
  parseCatalogEntry,
} from "../src/index.ts";
import type { CatalogEntryInput, UserConfigField } from "../src/index.ts";
import { listFixtures, readFixture } from "./fixture-files.ts";
import { localEntry } from "./entries.ts";

/** Runs an import; only CatalogImportError may escape as a failure. */
function importOrReject(text: string): void {
  try {
    detectAndImport(text);
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
  }
}

const fixtureDocuments = listFixtures().map((name) => JSON.parse(readFixture(name)) as unknown);

type Path = Array<string | number>;

function listPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [path];
  const children = Object.entries(value).flatMap(([key, child]) =>
    listPaths(child, [...path, Array.isArray(value) ? Number(key) : key]),
  );
  return [path, ...children];
}

function replaceAt(root: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = replacement;
  return copy;
}

const VOCABULARY_KEYS = [
  ...["name", "display_name", "server", "remote_url", "oauth_config", "archestra_config", "user_config", "dxt_version"],
  ...["packages", "remotes", "$schema", "version", "description", "mcpServers", "schemaVersion", "entries", "format"],
];

describe("parser robustness (property-based)", () => {
  it("random JSON never throws anything but CatalogImportError", () => {
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), importOrReject), { numRuns: 400 });
  });

  it("random text never throws anything but CatalogImportError", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), importOrReject), { numRuns: 400 });
  });

  it("objects made of the formats' own keys with random values are rejected cleanly or imported", () => {
    const document = fc.dictionary(fc.constantFrom(...VOCABULARY_KEYS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
    fc.assert(
      fc.property(document, (value) => importOrReject(JSON.stringify(value))),
      { numRuns: 600 },
    );
  });

  it("real fixtures with one value replaced at random are rejected cleanly or imported", () => {
    const mutation = fc.record({ document: fc.nat(), path: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) });
    fc.assert(
      fc.property(mutation, ({ document, path, value }) => {
        const source = fixtureDocuments[document % fixtureDocuments.length];
        const paths = listPaths(source);
        importOrReject(JSON.stringify(replaceAt(source, paths[path % paths.length] ?? [], value)));
      }),
      { numRuns: 1500 },
    );
  }, 30_000);

  it("real fixtures cut short or with a character changed are rejected cleanly or imported", () => {
    const texts = listFixtures().map(readFixture);
    const edit = fc.record({ text: fc.nat(), at: fc.nat(), insert: fc.string({ maxLength: 3 }), cut: fc.boolean() });
    fc.assert(
      fc.property(edit, ({ text, at, insert, cut }) => {
        const source = texts[text % texts.length] ?? "";
        const index = at % (source.length + 1);
        importOrReject(cut ? source.slice(0, index) : source.slice(0, index) + insert + source.slice(index + 1));
      }),
      { numRuns: 600 },
    );
  });
});

const noAuth: fc.Arbitrary<CatalogEntryInput["auth"]> = fc.constant({ kind: "none" });
const genericOAuth: CatalogEntryInput["auth"] = {
  kind: "oauth2_generic",
  providerId: "acme",
  authorizationUrl: "https://auth.example.com/authorize",
  tokenUrl: "https://auth.example.com/token",
  delivery: [{ kind: "env", accessTokenEnvVar: "ACCESS_TOKEN" }],
};
const dynamicRegistration: CatalogEntryInput["auth"] = {
  kind: "remote_mcp_dcr",
  scopes: ["read"],
  defaultScopes: ["read"],
};
const literal = fc.string({ maxLength: 12 }).filter((text) => !text.includes("$"));
const LOWER = [..."abcdefghijklmnopqrstuvwxyz"];
/** `fc.string` over a small alphabet: far cheaper to generate than `fc.stringMatching`. */
const word = (alphabet: readonly string[], maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength });
const settingKey = word([...LOWER, "_"], 8).map((key) => `k${key}`);
const field: fc.Arbitrary<UserConfigField> = fc
  .record({
    type: fc.constantFrom("string", "number", "boolean", "directory", "file"),
    title: fc.string({ minLength: 1, maxLength: 20 }),
    description: fc.string({ maxLength: 30 }),
    required: fc.boolean(),
    secret: fc.boolean(),
    multiple: fc.boolean(),
  })
  .map((candidate) => ({ ...candidate, multiple: candidate.multiple && candidate.type !== "boolean" }));

function templateOf(keys: readonly string[]): fc.Arbitrary<string> {
  if (keys.length === 0) return literal;
  const part = fc.oneof(literal, fc.constantFrom(...keys.map((key) => `\${user_config.${key}}`)));
  return fc.array(part, { maxLength: 3 }).map((parts) => parts.join(""));
}

/** Valid entries by construction: templates only name declared settings, in places that allow them. */
const entryArbitrary: fc.Arbitrary<CatalogEntryInput> = fc
  .dictionary(settingKey, field, { maxKeys: 4 })
  .chain((userConfig) => {
    const keys = Object.keys(userConfig);
    const single = keys.filter((key) => !userConfig[key]?.multiple);
    const multiple = keys.filter((key) => userConfig[key]?.multiple);
    const secrets = keys.filter((key) => userConfig[key]?.secret);
    const arg = multiple.length === 0 ? templateOf(single) : fc.oneof(templateOf(single), fc.constantFrom(...multiple.map((key) => `\${user_config.${key}}`))); // prettier-ignore
    const local = fc.record({
      type: fc.constant("local" as const),
      runtime: fc.constantFrom("node" as const, "python" as const),
      command: fc.constantFrom("npx", "uvx", "node"),
      args: fc.array(arg, { maxLength: 4 }),
      env: fc.dictionary(word([..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"], 6), templateOf(single), { maxKeys: 3 }),
    });
    const remote = fc.record({
      type: fc.constant("remote" as const),
      url: fc.constantFrom("https://mcp.example.com/mcp", "https://mcp.example.com/sse"),
      transport: fc.constantFrom("streamable-http" as const, "sse" as const),
      headers: fc.dictionary(
        word(LOWER, 8).map((name) => `X-${name}`),
        templateOf(single),
        { maxKeys: 2 },
      ),
    });
    const apiKey: Array<fc.Arbitrary<CatalogEntryInput["auth"]>> =
      secrets.length > 0 ? [fc.constant({ kind: "api_key", fields: secrets })] : [];
    const server = fc.oneof(local, remote);
    return server.chain((chosen) => {
      const oauth = fc.constant(chosen.type === "local" ? genericOAuth : dynamicRegistration);
      return fc.record({
        schemaVersion: fc.constant(1 as const),
        id: word([...LOWER, ..."0123456789._-"], 20).map((id) => `e${id}`),
        source: fc.constantFrom("builtin" as const, "developer" as const, "custom" as const),
        name: fc.string({ minLength: 1, maxLength: 40 }),
        description: fc.string({ maxLength: 80 }),
        tags: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 3 }),
        server: fc.constant(chosen),
        userConfig: fc.constant(userConfig),
        auth: fc.oneof(noAuth, oauth, ...apiKey),
      });
    });
  });

describe("catalog entries (property-based)", () => {
  it("valid generated entries survive store -> export -> import unchanged", () => {
    fc.assert(
      fc.property(entryArbitrary, (candidate) => {
        const entry = parseCatalogEntry(candidate);
        const stored = JSON.parse(JSON.stringify(entry)) as typeof entry;
        const [again] = detectAndImport(exportCatalog([stored])).entries;
        expect(again).toEqual(entry);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it("launch specs of valid entries either build or fail with LaunchSpecError", () => {
    const values = fc.dictionary(settingKey, fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string())));
    fc.assert(
      fc.property(entryArbitrary, values, (candidate, settings) => {
        try {
          deriveLaunchSpec(parseCatalogEntry(candidate), settings, { accessToken: "token" });
        } catch (error) {
          if (!(error instanceof LaunchSpecError)) throw error;
        }
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it("inserts any setting value verbatim, exactly once, into argv and env", () => {
    const entry = localEntry({
      server: { type: "local", runtime: "node", command: "npx", args: ["${user_config.v}", "--v=${user_config.v}"], env: { V: "${user_config.v}" } }, // prettier-ignore
      userConfig: { v: { type: "string", title: "V", required: true } },
    });
    const value = fc.string({ minLength: 1, maxLength: 60 }).filter((text) => !text.includes("\0"));
    fc.assert(
      fc.property(value, (text) => {
        const spec = deriveLaunchSpec(entry, { v: text });
        expect(spec).toMatchObject({ args: [text, `--v=${text}`], env: { V: text } });
      }),
      { numRuns: 300 },
    );
  });
});
