import { LaunchSpecError, deriveLaunchSpec, isOAuth } from "../src/index.ts";
import type { CatalogEntry, LaunchSpec, UserConfigField } from "../src/index.ts";
import { findArgumentSecrets, findSecretSpans } from "../src/import/secrets/detect-secrets.ts";

/**
 * Shared by the corpus test and the secret property test: derive a launch with a value for every
 * setting, and find what a document's credentials would expose.
 */

/** A value for every setting, shaped by its type, so every template of the entry is exercised. */
export function sampleValue(key: string, field: UserConfigField): unknown {
  const one =
    field.type === "number"
      ? (field.min ?? 1)
      : field.type === "boolean"
        ? true
        : field.type === "directory" || field.type === "file"
          ? `/data/${key}`
          : field.secret
            ? `secret-value-of-${key}`
            : (field.enum?.[0] ?? `value-of-${key}`);
  return field.multiple ? [one] : one;
}

export function deriveSample(entry: CatalogEntry) {
  const settings = Object.fromEntries(Object.entries(entry.userConfig).map(([key, field]) => [key, sampleValue(key, field)])); // prettier-ignore
  try {
    const credentials = isOAuth(entry.auth) ? { accessToken: "sample-access-token" } : {};
    return { launch: deriveLaunchSpec(entry, settings, credentials) };
  } catch (error) {
    if (!(error instanceof LaunchSpecError)) throw error;
    return { launchError: error.issues };
  }
}

/** An example credential in a description is documentation (`mongodb://admin:password@…`). */
const PROSE_KEYS = new Set(["description", "title", "instructions", "readme", "display_name"]);

/** Strings of the source that the secret detector flags, by name (env/header/JSON key) or shape. */
export function flaggedSecrets(value: unknown, name = ""): string[] {
  if (typeof value === "string") return findSecretSpans(value, name).map((span) => value.slice(span.start, span.end));
  if (Array.isArray(value)) {
    const inArgs = value.every((item) => typeof item === "string")
      ? [...findArgumentSecrets(value as string[])].flatMap(([index, spans]) => spans.map((span) => (value[index] as string).slice(span.start, span.end))) // prettier-ignore
      : [];
    return [...inArgs, ...value.flatMap((item) => flaggedSecrets(item))];
  }
  if (typeof value === "object" && value !== null) {
    // Registry inputs name their value in a sibling field: {"name": "API_KEY", "value": "…"}.
    const named = "name" in value && "value" in value && typeof value.name === "string" ? value.name : undefined;
    return Object.entries(value).flatMap(([key, child]) =>
      PROSE_KEYS.has(key) ? [] : flaggedSecrets(child, key === "value" && named ? named : key),
    );
  }
  return [];
}

/** Every non-prose string of an entry (its launch, settings' defaults, kept extensions). */
export function configStrings(value: unknown, key = ""): string[] {
  if (typeof value === "string") return PROSE_KEYS.has(key) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((item) => configStrings(item, key));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([name, child]) => configStrings(child, name));
  }
  return [];
}

/** What a launch exposes in plain view: argv, the URL, env vars and headers not marked secret. */
export function plainValues(launch: LaunchSpec): string[] {
  if (launch.kind === "remote") {
    return [launch.url, ...Object.entries(launch.headers).filter(([name]) => !launch.secretHeaderNames.includes(name)).map(([, value]) => value)]; // prettier-ignore
  }
  const env = Object.entries(launch.env).filter(([name]) => !launch.secretEnvNames.includes(name));
  const args = launch.args.filter((_, index) => !launch.secretArgIndexes.includes(index));
  return [...launch.command, ...args, ...env.map(([, value]) => value)];
}
