import type { ConnectorListItem } from "./list-connectors.ts";

/** A connector as the REST API lists it: what it is, whose, and how it runs; never its settings. */
export function toConnectorApiItem(connector: ConnectorListItem) {
  return {
    id: connector.id,
    name: connector.name,
    catalogEntry: connector.catalogEntry.slug,
    authKind: connector.catalogEntry.authKind,
    scope: connector.scope === "TEAM" ? "team" : "personal",
    team: connector.teamId ? { id: connector.teamId, name: connector.team?.name ?? null } : null,
    status: connector.status,
    statusReason: connector.statusReason,
    desiredState: connector.desiredState,
    canManage: connector.canManage,
    reauthorizeBy: connector.reauthorizeBy,
    createdAt: connector.createdAt,
  };
}
