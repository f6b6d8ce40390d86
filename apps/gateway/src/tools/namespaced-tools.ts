import type { ToolCatalog } from "../sessions/session-routes.ts";
import { SEPARATOR } from "./tool-names.ts";

/** Every visible installation's tools, named `<installation>__<tool>` and described with the installation's name. */
export function listNamespacedTools({ installations, prefixes }: ToolCatalog) {
  return installations.flatMap((installation) =>
    installation.tools.map((tool) => ({
      ...tool,
      name: `${prefixes.get(installation.id)}${SEPARATOR}${tool.name}`,
      description: `[${installation.name}] ${tool.description ?? ""}`.trim(),
    })),
  );
}
