import type { ToolCatalog } from "../sessions/session-routes.ts";
import { namespacedToolName } from "./tool-names.ts";

/** Every visible connector's tools, named `<connector>__<tool>` and described with the connector's name. */
export function listNamespacedTools({ connectors, prefixes }: ToolCatalog) {
  return connectors.flatMap((connector) =>
    connector.tools.map((tool) => ({
      ...tool,
      name: namespacedToolName(prefixes.get(connector.id)!, tool.name),
      description: `[${connector.name}] ${tool.description ?? ""}`.trim(),
    })),
  );
}
