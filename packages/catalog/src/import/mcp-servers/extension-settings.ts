import type { CatalogIssue } from "../../errors/catalog-error.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import { findSecretSpans } from "../secrets/detect-secrets.ts";
import type { ClientSettings } from "./client-settings.ts";

/** One of a Gemini CLI (or Qwen Code) extension's `settings`: a value its servers get as `envVar`. */
export interface ExtensionSetting {
  name: string;
  description: string;
  envVar: string;
  sensitive: boolean;
}

/**
 * A gemini-extension.json's `settings`: Gemini CLI asks for each when the extension is installed
 * and starts the extension's servers with it in their environment (`sensitive` ones kept in the
 * keychain). Undefined when the document has none in that shape. A description that looks like a
 * credential is left out: the catalog is read by every member.
 */
export function readExtensionSettings(
  value: unknown,
): { settings: ExtensionSetting[]; notes: CatalogIssue[] } | undefined {
  const list = typeof value === "object" && value !== null ? (value as Record<string, unknown>).settings : undefined;
  if (!Array.isArray(list) || list.length === 0 || !list.every(isSetting)) return undefined;
  const notes: CatalogIssue[] = [];
  const readText = (text: unknown, path: PathSegment[]): string => {
    if (typeof text !== "string" || findSecretSpans(text).length === 0) return typeof text === "string" ? text : "";
    notes.push({ path: formatPath(path), message: "looks like a credential, not a description: left out" });
    return "";
  };
  const settings = list.map((item, index) => ({
    name: readText(item.name, ["settings", index, "name"]) || item.envVar,
    description: readText(item.description, ["settings", index, "description"]),
    envVar: item.envVar,
    sensitive: item.sensitive === true,
  }));
  const names = settings.map((setting) => setting.envVar).join(", ");
  notes.unshift({ path: "settings", message: `a Gemini CLI extension's settings: each became a setting of its local servers' env (${names})` }); // prettier-ignore
  return { settings, notes };
}

function isSetting(
  item: unknown,
): item is { name: string; envVar: string; description?: unknown; sensitive?: unknown } {
  if (typeof item !== "object" || item === null) return false;
  const { name, envVar } = item as Record<string, unknown>;
  return typeof name === "string" && typeof envVar === "string" && /^[A-Za-z_]\w*$/.test(envVar);
}

/** A local server of the extension gets each setting as `NAME: ${NAME}` in its env, unless it sets NAME itself. */
export function applyExtensionSettings(
  config: Record<string, unknown>,
  extension: readonly ExtensionSetting[],
  settings: ClientSettings,
): Record<string, unknown> {
  if (extension.length === 0 || !("command" in config)) return config;
  for (const { name, description, envVar, sensitive } of extension) {
    settings.describeVariable(envVar, { title: name, description });
    if (sensitive) settings.markSecretVariable(envVar);
  }
  const own = typeof config.env === "object" && config.env !== null && !Array.isArray(config.env) ? config.env : {};
  return { ...config, env: { ...Object.fromEntries(extension.map(({ envVar }) => [envVar, `\${${envVar}}`])), ...own } }; // prettier-ignore
}
