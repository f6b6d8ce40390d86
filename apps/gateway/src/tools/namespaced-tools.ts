import type { ToolCatalog } from "../sessions/session-routes.ts";
import { SEPARATOR } from "./tool-names.ts";

/** Every visible connector's tools, named `<connector>__<tool>` and described with the connector's name. */
export function listNamespacedTools({ connectors, prefixes }: ToolCatalog) {
  return connectors.flatMap((connector) =>
    connector.tools.map((tool) => ({
      ...tool,
      name: `${prefixes.get(connector.id)}${SEPARATOR}${tool.name}`,
      description: `[${connector.name}] ${tool.description ?? ""}`.trim(),
    })),
  );
}
