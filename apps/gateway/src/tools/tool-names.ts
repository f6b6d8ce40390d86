import type { VisibleConnector } from "./visible-connectors.ts";

export const SEPARATOR = "__";

export interface ToolRoute {
  connectorId: string;
  toolName: string;
  /** Whether the connector was running when the routes were read (false: restarting). */
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
 * Gives every connector a prefix (`github`, or `github_1a2b3c` when two share a name) and maps
 * `prefix__tool` back to the connector and the upstream tool name.
 */
export function buildToolRoutes(connectors: readonly VisibleConnector[]) {
  const counts = new Map<string, number>();
  for (const connector of connectors)
    counts.set(slugify(connector.name), (counts.get(slugify(connector.name)) ?? 0) + 1);
  const prefixes = new Map<string, string>();
  for (const connector of connectors) {
    const base = slugify(connector.name);
    prefixes.set(connector.id, counts.get(base)! > 1 ? `${base}_${connector.id.replace(/-/g, "").slice(0, 6)}` : base);
  }
  const routes = new Map<string, ToolRoute>();
  for (const connector of connectors) {
    for (const tool of connector.tools) {
      routes.set(`${prefixes.get(connector.id)}${SEPARATOR}${tool.name}`, {
        connectorId: connector.id,
        toolName: tool.name,
        ready: connector.ready,
      });
    }
  }
  return { prefixes, routes };
}
