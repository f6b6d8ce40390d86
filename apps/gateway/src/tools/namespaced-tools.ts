import { RESOURCE_URI_META_KEY } from "@modelcontextprotocol/ext-apps/server";
import type { ToolCatalog } from "../sessions/session-routes.ts";
import type { ConnectorNaming } from "./connector-naming.ts";

/**
 * Every visible connector's tools as the session's clients name them: on the aggregate endpoint
 * `<connector>__<tool>`, described with the connector's name, and an MCP App's view
 * (`_meta.ui.resourceUri`) under its gateway URI, so the host's `resources/read` reaches it.
 * A connector's own endpoint lists them as recorded.
 */
export function listNamespacedTools({ connectors, prefixes, naming }: ToolCatalog) {
  if (naming.direct) return connectors.flatMap((connector) => connector.tools);
  return connectors.flatMap((connector) => {
    const prefix = prefixes.get(connector.id)!;
    return connector.tools.map((tool) => ({
      ...tool,
      name: naming.toolName(prefix, tool.name),
      description: naming.label(connector.name, tool.description ?? ""),
      ...(tool._meta && { _meta: withGatewayViewUri(tool._meta, naming, prefix) }),
    }));
  });
}

/**
 * A tool's `_meta` with its MCP App view named by gateway URI: `ui.resourceUri` (SEP-1865) and the
 * deprecated flat `ui/resourceUri` older hosts read; `ui.visibility` and everything else kept.
 */
function withGatewayViewUri(meta: Record<string, unknown>, naming: ConnectorNaming, prefix: string) {
  const ui = meta.ui as { resourceUri?: unknown } | undefined;
  const flat = meta[RESOURCE_URI_META_KEY];
  if (typeof ui?.resourceUri !== "string" && typeof flat !== "string") return meta;
  return {
    ...meta,
    ...(typeof ui?.resourceUri === "string" && { ui: { ...ui, resourceUri: naming.uri(prefix, ui.resourceUri) } }),
    ...(typeof flat === "string" && { [RESOURCE_URI_META_KEY]: naming.uri(prefix, flat) }),
  };
}
