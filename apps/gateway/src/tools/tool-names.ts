import type { VisibleInstallation } from "./visible-installations.ts";

export const SEPARATOR = "__";

export interface ToolRoute {
  installationId: string;
  toolName: string;
  /** Whether the installation was running when the routes were read (false: restarting). */
  ready: boolean;
}

/** Splits `<prefix>__<name>` (tools, prompts) into its parts. */
export function splitNamespacedName(name: string): { prefix: string; name: string } | undefined {
  const separator = name.indexOf(SEPARATOR);
  if (separator < 1) return undefined;
  return { prefix: name.slice(0, separator), name: name.slice(separator + SEPARATOR.length) };
}

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 24) || "connector"
  );
}

/**
 * Gives every installation a prefix (`github`, or `github_1a2b3c` when two share a name) and maps
 * `prefix__tool` back to the installation and the upstream tool name.
 */
export function buildToolRoutes(installations: readonly VisibleInstallation[]) {
  const counts = new Map<string, number>();
  for (const installation of installations)
    counts.set(slugify(installation.name), (counts.get(slugify(installation.name)) ?? 0) + 1);
  const prefixes = new Map<string, string>();
  for (const installation of installations) {
    const base = slugify(installation.name);
    prefixes.set(
      installation.id,
      counts.get(base)! > 1 ? `${base}_${installation.id.replace(/-/g, "").slice(0, 6)}` : base,
    );
  }
  const routes = new Map<string, ToolRoute>();
  for (const installation of installations) {
    for (const tool of installation.tools) {
      routes.set(`${prefixes.get(installation.id)}${SEPARATOR}${tool.name}`, {
        installationId: installation.id,
        toolName: tool.name,
        ready: installation.ready,
      });
    }
  }
  return { prefixes, routes };
}
