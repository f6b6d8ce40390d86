import { describe, expect, it } from "vitest";
import { deriveLaunchSpec } from "../launch/derive-launch-spec.ts";
import { AUTH_KINDS, isOAuth } from "../schema/auth.ts";
import type { CatalogEntry } from "../schema/catalog-entry.ts";
import type { UserConfigField } from "../schema/user-config-field.ts";
import { findSecretSpans } from "../import/secrets/detect-secrets.ts";
import { builtinCatalog } from "./index.ts";
import { loadBuiltinCatalog } from "./load-builtin-catalog.ts";

function sampleValue(field: UserConfigField): unknown {
  if (field.default !== undefined) return field.default;
  if (field.enum) return field.enum[0];
  const value = { string: "sample", number: 1, boolean: true, directory: "/data", file: "/data/file" }[field.type];
  return field.multiple ? [value] : value;
}

function sampleSettings(entry: CatalogEntry): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry.userConfig).map(([key, field]) => [key, sampleValue(field)]));
}

describe("builtinCatalog", () => {
  it("ships at least 28 unique, valid built-in entries", () => {
    expect(builtinCatalog.length).toBeGreaterThanOrEqual(28);
    expect(new Set(builtinCatalog.map((entry) => entry.id)).size).toBe(builtinCatalog.length);
    expect(builtinCatalog.every((entry) => entry.source === "builtin")).toBe(true);
  });

  it("covers every auth kind, token delivery, runtime and location", () => {
    expect(new Set(builtinCatalog.map((entry) => entry.auth.kind))).toEqual(new Set(AUTH_KINDS));
    const deliveries = builtinCatalog.flatMap((entry) =>
      isOAuth(entry.auth) ? entry.auth.delivery.map((d) => d.kind) : [],
    );
    expect(new Set(deliveries)).toEqual(new Set(["env", "header", "file"]));
    const runtimes = builtinCatalog.flatMap((entry) => (entry.server.type === "local" ? [entry.server.runtime] : []));
    expect(new Set(runtimes)).toEqual(new Set(["node", "python", "image"]));
    expect(builtinCatalog.some((entry) => entry.server.type === "local" && entry.server.http)).toBe(true);
  });

  it.each(builtinCatalog.map((entry) => [entry.id, entry] as const))("%s derives a launch spec", (_id, entry) => {
    const credentials = isOAuth(entry.auth) ? { accessToken: "token" } : {};
    const spec = deriveLaunchSpec(entry, sampleSettings(entry), credentials);
    expect(spec.kind).toBe(entry.server.type === "remote" ? "remote" : "container");
  });

  it("passes secret settings only through env, headers or files, and holds no literal credential (issue 16)", () => {
    for (const entry of builtinCatalog) {
      const secrets = Object.keys(entry.userConfig).filter((key) => entry.userConfig[key]?.secret);
      const plain =
        entry.server.type === "local" ? [...entry.server.args, entry.server.command ?? ""] : [entry.server.url];
      const exposed = plain.filter((text) => secrets.some((key) => text.includes(`\${user_config.${key}}`)));
      expect({ id: entry.id, exposed }).toEqual({ id: entry.id, exposed: [] });
      const values =
        entry.server.type === "local" ? Object.entries(entry.server.env) : Object.entries(entry.server.headers);
      const literal = values.filter(([name, value]) => findSecretSpans(value, name).length > 0);
      expect({ id: entry.id, literal }).toEqual({ id: entry.id, literal: [] });
    }
  });

  it("names every image with its registry host, as its publisher does", () => {
    const images = builtinCatalog.flatMap((entry) => (entry.server.type === "local" && entry.server.image ? [entry.server.image] : [])); // prettier-ignore
    expect(images.filter((image) => !/^[a-z0-9.-]+\.[a-z]+\//.test(image))).toEqual([]);
    expect(images).toContain("docker.io/grafana/mcp-grafana");
  });

  it("refuses invalid or duplicate built-in files with every detail", () => {
    const [first] = builtinCatalog;
    expect(() => loadBuiltinCatalog([first, first, { ...first, id: "x", source: "custom" }, { id: 1 }])).toThrow(
      /duplicate id[\s\S]*x: source must be "builtin"[\s\S]*builtin\[3\] schemaVersion: expected 1/,
    );
  });
});
