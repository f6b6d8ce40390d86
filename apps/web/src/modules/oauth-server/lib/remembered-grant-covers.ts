import type { PrismaClient } from "@switchboard/db";
import type Provider from "oidc-provider";
import { toGatewayAudience } from "./gateway-resources.ts";
import type { InteractionRequest } from "./grant-consent.ts";

/**
 * Whether the user's remembered consent for this client reaches every resource the request names,
 * so it may skip the consent page: a grant for the gateway's endpoint reaches every connector's
 * endpoint, one for a connector's endpoint that endpoint alone (the page said "there only"). A
 * grant gone since (revoked) cannot say what it reached, so the page asks again. True when nothing
 * is remembered: the page comes anyway.
 */
export async function rememberedGrantCovers(
  prisma: PrismaClient,
  provider: Provider,
  gatewayUrl: string,
  request: InteractionRequest,
): Promise<boolean> {
  const consent = await prisma.oAuthConsent.findUnique({
    where: { userId_clientId: { userId: request.userId, clientId: request.clientId } },
    select: { grantId: true },
  });
  if (!consent) return true;
  const grant = consent.grantId ? await provider.Grant.find(consent.grantId) : undefined;
  if (!grant) return false;
  const granted = new Set(Object.keys(grant.resources ?? {}).map((resource) => toGatewayAudience(resource, gatewayUrl))); // prettier-ignore
  if (granted.has(gatewayUrl)) return true;
  const requested = request.resources?.length ? request.resources : [gatewayUrl];
  return requested.every((resource) => granted.has(toGatewayAudience(resource, gatewayUrl)));
}
