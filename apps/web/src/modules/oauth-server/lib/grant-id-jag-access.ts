import type { PrismaClient } from "@switchboard/db";
import { GATEWAY_SCOPE } from "@switchboard/oauth";
import type Provider from "oidc-provider";
import type { ClientDescription } from "./describe-client.ts";
import { findClientTeamRestriction, grantConsent, grantRememberedConsent } from "./grant-consent.ts";

/** How admitSsoUser links a company-SSO identity (`sub`) to its Switchboard user. */
const SSO_ACCOUNT_PROVIDER = "oidc";

/** The enabled Switchboard user the company SSO's subject signed in as before; null if none. */
export async function findSsoUser(prisma: PrismaClient, subject: string): Promise<{ id: string } | null> {
  const account = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider: SSO_ACCOUNT_PROVIDER, providerAccountId: subject } },
    select: { user: { select: { id: true, disabledAt: true } } },
  });
  return account && !account.user.disabledAt ? { id: account.user.id } : null;
}

export interface IdJagAccess {
  grantId: string;
  consentId: string;
  /** True when this grant created the user's consent for the client (none existed). */
  consentCreated: boolean;
}

/**
 * What a client reaches with an ID-JAG, with no consent page (the company's IdP decided the user may
 * use the client): the user's remembered consent for it if there is one (all connectors, a profile
 * or a team, as they chose; its grant is reused), otherwise the team an admin restricted the client
 * to, otherwise all the user's connectors, recorded as a consent the user sees under "Connected
 * apps" and may narrow or revoke like any other.
 */
export async function grantIdJagAccess(
  prisma: PrismaClient,
  provider: Provider,
  gatewayUrl: string,
  userId: string,
  client: ClientDescription,
): Promise<IdJagAccess> {
  const request = { userId, clientId: client.clientId, scope: GATEWAY_SCOPE };
  let grantId = await grantRememberedConsent(prisma, provider, gatewayUrl, request);
  const consentCreated = grantId === null;
  if (grantId === null) {
    const team = await findClientTeamRestriction(prisma, client.clientId);
    grantId = await grantConsent(
      prisma,
      provider,
      gatewayUrl,
      request,
      client,
      team ? { access: "team", teamId: team.id } : { access: "all" },
    );
  }
  const consent = await prisma.oAuthConsent.findUniqueOrThrow({
    where: { userId_clientId: { userId, clientId: client.clientId } },
    select: { id: true },
  });
  return { grantId, consentId: consent.id, consentCreated };
}
