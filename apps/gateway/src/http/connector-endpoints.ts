import { CONNECTOR_PATH_SEGMENT, connectorSlug } from "@switchboard/db/connector-slug";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import type { SessionRoutes } from "../sessions/session-routes.ts";

/** A `/mcp/<connector>` path segment: a connector's slug, its id-suffixed prefix, or its id. */
export const CONNECTOR_SEGMENT = CONNECTOR_PATH_SEGMENT;

/** The principal narrowed to the connector a path names, or why none is served there (a 404). */
export type NarrowToConnector = (
  principal: GatewayPrincipal,
  segment: string,
) => Promise<GatewayPrincipal | { error: string }>;

/**
 * Finds the connector `/mcp/<segment>` names among those the token sees, by id (always works and
 * never changes) or by the prefix its tools carry on `/mcp` (`github`, readable; `github_1a2b3c`
 * while two share the name). A connector the token cannot see and one that does not exist get the
 * same answer, so nobody learns of another user's connectors. Lookups read the token's cached
 * routes (`routesFor`), so a request costs no database query; the narrowed principal is made once
 * per token check and connector, so the caches keyed by principal keep working.
 */
export function createConnectorEndpoints(routesFor: (principal: GatewayPrincipal) => SessionRoutes): NarrowToConnector {
  const narrowed = new WeakMap<GatewayPrincipal, Map<string, GatewayPrincipal>>();
  return async (principal, segment) => {
    const { connectors, connectorIds } = await routesFor(principal).current();
    const id = connectors.some((connector) => connector.id === segment) ? segment : connectorIds.get(segment);
    if (!id) {
      const namesakes = connectors.filter((connector) => connectorSlug(connector.name) === segment).length;
      return {
        error:
          namesakes > 1
            ? `More than one connector you can use is called "${segment}": use the address with the connector's id, shown on its page in Switchboard.`
            : `No connector "${segment}" among those this token can use.`,
      };
    }
    let byId = narrowed.get(principal);
    if (!byId) narrowed.set(principal, (byId = new Map()));
    let result = byId.get(id);
    if (!result) byId.set(id, (result = { ...principal, connectorIds: [id], connectorEndpoint: id }));
    return result;
  };
}
