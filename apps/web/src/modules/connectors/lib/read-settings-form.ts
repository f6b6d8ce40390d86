import type { CatalogEntry } from "@switchboard/catalog";

/**
 * Turns posted `config.<key>` strings into settings input: lists come one value per line, and
 * empty values are left out so defaults apply. Unknown keys are kept for validation to reject.
 */
export function readSettingsForm(
  entry: Pick<CatalogEntry, "userConfig">,
  posted: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(posted)) {
    if (raw === "") continue;
    const multiple = Object.hasOwn(entry.userConfig, key) && entry.userConfig[key]?.multiple;
    input[key] = multiple
      ? raw
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean)
      : raw;
  }
  return input;
}

/** Splits validated settings into the plain ones (stored as JSON) and the secret ones (encrypted). */
export function splitSecretSettings<T>(entry: Pick<CatalogEntry, "userConfig">, values: Readonly<Record<string, T>>) {
  const plain: Record<string, T> = {};
  const secret: Record<string, T> = {};
  for (const [key, value] of Object.entries(values)) {
    (entry.userConfig[key]?.secret ? secret : plain)[key] = value;
  }
  return { plain, secret };
}
