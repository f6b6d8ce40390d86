import type { PrismaClient } from "@switchboard/db";
import type Provider from "oidc-provider";
import { listUsableConnectors } from "../../gateway-tokens/lib/list-usable-connectors.ts";
import { describeClient, type ClientDescription } from "./describe-client.ts";
import { findClientTeamRestriction } from "./grant-consent.ts";
import { toGatewayAudience } from "./gateway-resources.ts";
import { redirectsToThisDevice } from "./native-redirects.ts";

export interface ConsentRequest {
  client: ClientDescription;
  /** This authorization's redirect goes to this machine: any local program could be asking. */
  redirectsToThisDevice: boolean;
  connectors: { id: string; name: string; teamName: string | null }[];
  /** The user's teams, whose connectors (now and later) the client may be given. */
  teams: { id: string; name: string }[];
  /** The team an admin limited this client to: the only choice then. */
  restrictedToTeam: { id: string; name: string } | null;
  /**
   * The connector's own endpoint the client asked for (RFC 8707 resource `<gateway>/<connector>`),
   * where its tokens will work and nowhere else; null when it asked for the gateway.
   */
  connectorEndpoint: string | null;
  /** The user's earlier choice for this client, to start from. */
  previous: { restricted: boolean; connectorIds: string[]; teamId: string | null } | null;
}

/**
 * What the consent page shows for an interaction: who the client is and what the user could let it
 * reach. Null when the request expired or its client is gone. Reading it decides nothing: the
 * consent form's POST is checked against the browser's interaction cookie and the web session.
 */
export async function loadConsentRequest(
  provider: Provider,
  prisma: PrismaClient,
  uid: string,
  userId: string,
  /** The gateway's endpoint (normalized), to tell a connector's endpoint from it. */
  gatewayUrl: string,
): Promise<ConsentRequest | null> {
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) return null;
  const client = await provider.Client.find(String(interaction.params.client_id)).catch(() => undefined);
  if (!client) return null;
  const [connectors, teams, restrictedToTeam, previous] = await Promise.all([
    listUsableConnectors(prisma, userId),
    prisma.team.findMany({
      where: { memberships: { some: { userId } } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    findClientTeamRestriction(prisma, client.clientId),
    prisma.oAuthConsent.findUnique({
      where: { userId_clientId: { userId, clientId: client.clientId } },
      select: { restricted: true, teamId: true, connectors: { select: { connectorId: true } } },
    }),
  ]);
  return {
    client: describeClient(client.metadata(), isFromMetadataDocument(client)),
    redirectsToThisDevice: redirectsToThisDevice(interaction.params.redirect_uri),
    connectorEndpoint: findConnectorEndpoint(interaction.params.resource, gatewayUrl),
    connectors: connectors.map((row) => ({ id: row.id, name: row.name, teamName: row.team?.name ?? null })),
    teams,
    restrictedToTeam,
    previous: previous
      ? {
          restricted: previous.restricted,
          connectorIds: previous.connectors.map((row) => row.connectorId),
          teamId: previous.teamId,
        }
      : null,
  };
}

/**
 * The one connector endpoint every resource of the request names; null when any names the gateway
 * or another endpoint, since the grant then holds those too and its tokens work there.
 */
function findConnectorEndpoint(resource: unknown, gatewayUrl: string): string | null {
  const audiences = new Set([resource ?? []].flat().map((value) => typeof value === "string" && toGatewayAudience(value, gatewayUrl))); // prettier-ignore
  const [only] = audiences;
  return audiences.size === 1 && only && only !== gatewayUrl ? only : null;
}

/** oidc-provider marks clients resolved from a Client ID Metadata Document (not in its typings). */
export function isFromMetadataDocument(client: object): boolean {
  return (client as { clientIdMetadataDocument?: boolean }).clientIdMetadataDocument === true;
}
