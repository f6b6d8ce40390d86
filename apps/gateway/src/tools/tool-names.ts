import { createHash } from "node:crypto";
import { connectorSlug as slugify } from "@switchboard/db/connector-slug";
import type { VisibleConnector } from "./visible-connectors.ts";

export const SEPARATOR = "__";
/** Anthropic's and OpenAI's APIs refuse longer tool names, failing a client's whole request. */
const MAX_TOOL_NAME_LENGTH = 64;

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

/**
 * `<prefix>__<tool>`; a name past 64 characters keeps its start and ends with a digest of the
 * tool's own name, so it stays unique and the same on every instance (routes map it back).
 */
export function namespacedToolName(prefix: string, toolName: string): string {
  const name = `${prefix}${SEPARATOR}${toolName}`;
  if (name.length <= MAX_TOOL_NAME_LENGTH) return name;
  const digest = createHash("sha256").update(toolName).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_TOOL_NAME_LENGTH - digest.length - 1)}_${digest}`;
}

/**
 * Gives every connector a prefix (`github`, or `github_1a2b3c` when two share a name) and maps
 * `prefix__tool` back to the connector and the upstream tool name. A connector whose own name
 * spells another's id-suffixed prefix ("GitHub 1a2b3c") is suffixed too, so it cannot take over
 * that connector's tools. `direct`: one connector's own endpoint, whose tools keep their names.
 */
export function buildToolRoutes(connectors: readonly VisibleConnector[], direct = false) {
  const counts = new Map<string, number>();
  for (const connector of connectors)
    counts.set(slugify(connector.name), (counts.get(slugify(connector.name)) ?? 0) + 1);
  const withId = (base: string, id: string) => `${base}_${id.replace(/-/g, "").slice(0, 6)}`;
  const suffixed = new Set(
    connectors.filter(({ name }) => counts.get(slugify(name))! > 1).map(({ id, name }) => withId(slugify(name), id)),
  );
  const prefixes = new Map<string, string>();
  for (const connector of connectors) {
    const base = slugify(connector.name);
    prefixes.set(connector.id, counts.get(base)! > 1 || suffixed.has(base) ? withId(base, connector.id) : base);
  }
  const routes = new Map<string, ToolRoute>();
  for (const connector of connectors) {
    for (const tool of connector.tools) {
      routes.set(direct ? tool.name : namespacedToolName(prefixes.get(connector.id)!, tool.name), {
        connectorId: connector.id,
        toolName: tool.name,
        ready: connector.ready,
      });
    }
  }
  return { prefixes, routes };
}
