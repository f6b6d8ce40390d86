import type { Prisma, PrismaClient } from "@switchboard/db";
import { GATEWAY_SCOPE } from "@switchboard/oauth";
import type Provider from "oidc-provider";
import { z } from "zod";
import { AppError } from "@/server/errors.ts";
import { listUsableConnectors } from "../../gateway-tokens/lib/list-usable-connectors.ts";
import type { ClientDescription } from "./describe-client.ts";
import { storedOidcId } from "./prisma-adapter.ts";

export interface InteractionRequest {
  userId: string;
  clientId: string;
  /** The authorization request's `scope`, if any. */
  scope: string | undefined;
  /**
   * The resources it names (RFC 8707, checked by the provider): the gateway's endpoint or one
   * connector's endpoint below it. None: the gateway's endpoint.
   */
  resources?: string[];
}

/**
 * What the user let the client reach: everything they can use, a profile of connectors, or one of
 * their teams' connectors (now and later).
 */
export const consentChoiceSchema = z.discriminatedUnion("access", [
  z.object({ access: z.literal("all") }),
  z.object({
    access: z.literal("profile"),
    connectorIds: z.array(z.uuid()).min(1, "Pick at least one connector.").max(200),
  }),
  z.object({ access: z.literal("team"), teamId: z.uuid("Pick one of your teams.") }),
]);
export type ConsentChoice = z.infer<typeof consentChoiceSchema>;

/**
 * Records the user's consent for the client (replacing an earlier one) and the provider grant its
 * tokens will belong to; returns the grant id for the interaction result.
 */
export async function grantConsent(
  prisma: PrismaClient,
  provider: Provider,
  gatewayUrl: string,
  request: InteractionRequest,
  client: ClientDescription,
  choice: ConsentChoice,
): Promise<string> {
  const connectorIds = choice.access === "profile" ? choice.connectorIds : [];
  const teamId = choice.access === "team" ? choice.teamId : null;
  await assertChoiceAllowed(prisma, request, connectorIds, teamId);
  const grantId = await saveGrant(provider, gatewayUrl, request, undefined);
  await prisma.$transaction(async (tx) => {
    const data = {
      grantId,
      clientName: client.name,
      metadataHost: client.verifiedHost,
      // Restricted means "not everything": a reader that does not know about teams then grants
      // a team consent nothing rather than all connectors.
      restricted: connectorIds.length > 0 || teamId !== null,
      teamId,
    };
    const previous = await tx.oAuthConsent.findUnique({
      where: { userId_clientId: { userId: request.userId, clientId: request.clientId } },
      select: { grantId: true },
    });
    // The replaced grant must not keep issuing tokens: its row and every token of its family go.
    if (previous?.grantId) await destroyGrant(tx, previous.grantId);
    const consent = await tx.oAuthConsent.upsert({
      where: { userId_clientId: { userId: request.userId, clientId: request.clientId } },
      create: { userId: request.userId, clientId: request.clientId, ...data },
      update: data,
    });
    await tx.oAuthConsentConnector.deleteMany({ where: { consentId: consent.id } });
    await tx.oAuthConsentConnector.createMany({
      data: connectorIds.map((connectorId) => ({ consentId: consent.id, connectorId })),
    });
    await tx.auditEvent.create({
      data: {
        actorUserId: request.userId,
        action: "oauth_consent.granted",
        targetType: "oauth_consent",
        targetId: consent.id,
        metadata: {
          clientId: request.clientId,
          clientName: client.name,
          verifiedHost: client.verifiedHost,
          restricted: data.restricted,
          teamId,
        },
      },
    });
  });
  return grantId;
}

/**
 * The user may hand out only connectors they can use, or a team they belong to; a client an admin
 * restricted to a team may be given that team's connectors and nothing else.
 */
async function assertChoiceAllowed(
  prisma: PrismaClient,
  request: InteractionRequest,
  connectorIds: string[],
  teamId: string | null,
): Promise<void> {
  const [usable, membership, restriction] = await Promise.all([
    listUsableConnectors(prisma, request.userId),
    teamId ? prisma.membership.findUnique({ where: { teamId_userId: { teamId, userId: request.userId } } }) : null,
    findClientTeamRestriction(prisma, request.clientId),
  ]);
  const usableIds = new Set(usable.map((row) => row.id));
  if (connectorIds.some((id) => !usableIds.has(id))) {
    throw new AppError("forbidden", "An app can only be given connectors you can use.");
  }
  if (teamId && !membership) throw new AppError("forbidden", "An app can only be given the connectors of your teams.");
  if (restriction && restriction.id !== teamId) {
    throw new AppError(
      "forbidden",
      `An admin allowed this app to reach only the ${restriction.name} team's connectors.`,
    );
  }
}

/** The team an admin limited a pre-registered client to, if any. */
export async function findClientTeamRestriction(prisma: PrismaClient, clientId: string) {
  const client = await prisma.oAuthPreRegisteredClient.findUnique({
    where: { clientId },
    select: { team: { select: { id: true, name: true } } },
  });
  return client?.team ?? null;
}

/**
 * The grant for a client the user already consented to, so the authorization completes without a
 * page; null when there is no remembered consent. A grant revoked since (a replayed refresh token)
 * is replaced, keeping the user's choice of connectors.
 */
export async function grantRememberedConsent(
  prisma: PrismaClient,
  provider: Provider,
  gatewayUrl: string,
  request: InteractionRequest,
): Promise<string | null> {
  const consent = await prisma.oAuthConsent.findUnique({
    where: { userId_clientId: { userId: request.userId, clientId: request.clientId } },
  });
  if (!consent) return null;
  const grantId = await saveGrant(provider, gatewayUrl, request, consent.grantId ?? undefined);
  if (grantId !== consent.grantId) {
    await prisma.oAuthConsent.update({ where: { id: consent.id }, data: { grantId } });
  }
  return grantId;
}

/** The provider's models that belong to a grant's token family (an Interaction names it too, but lives on). */
const GRANT_TOKEN_KINDS = [
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
];

/** Deletes a grant and every token of its family, in the caller's transaction. */
export async function destroyGrant(tx: Prisma.TransactionClient, grantId: string): Promise<void> {
  await tx.oidcPayload.deleteMany({
    where: {
      OR: [
        { grantId, kind: { in: GRANT_TOKEN_KINDS } },
        { kind: "Grant", id: storedOidcId(grantId) },
      ],
    },
  });
}

async function saveGrant(
  provider: Provider,
  gatewayUrl: string,
  request: InteractionRequest,
  existingGrantId: string | undefined,
): Promise<string> {
  const existing = existingGrantId ? await provider.Grant.find(existingGrantId) : undefined;
  const grant =
    existing && existing.accountId === request.userId && existing.clientId === request.clientId
      ? existing
      : new provider.Grant({ accountId: request.userId, clientId: request.clientId });
  // Only what was asked for: a client authorized for one connector's endpoint gets no token for all.
  for (const resource of request.resources?.length ? request.resources : [gatewayUrl]) {
    grant.addResourceScope(resource, GATEWAY_SCOPE);
  }
  // The provider also counts the resource's scope among its own, so the grant lists it there too.
  const known = new Set(["openid", "offline_access", GATEWAY_SCOPE]);
  const scopes = (request.scope ?? "").split(" ").filter((scope) => known.has(scope));
  if (scopes.length) grant.addOIDCScope(scopes.join(" "));
  return grant.save();
}
