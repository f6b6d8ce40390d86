import type { PrismaClient } from "@switchboard/db";
import { hashOpaqueToken } from "@switchboard/db/tokens";

export interface GatewayPrincipal {
  tokenId: string;
  userId: string;
  /** Installation ids the token is limited to, or null for all the user's installations. */
  installationIds: string[] | null;
}

/** Resolves a bearer token to its user. Tokens are stored as SHA-256 digests; revoked or expired ones fail. */
export async function authenticateGatewayToken(prisma: PrismaClient, bearer: string): Promise<GatewayPrincipal | null> {
  const token = await prisma.gatewayToken.findUnique({
    where: { tokenHash: hashOpaqueToken(bearer) },
    include: { installations: { select: { installationId: true } }, user: { select: { disabledAt: true } } },
  });
  if (!token || token.revokedAt || token.user.disabledAt || (token.expiresAt && token.expiresAt < new Date()))
    return null;
  return {
    tokenId: token.id,
    userId: token.userId,
    installationIds: token.restricted ? token.installations.map((row) => row.installationId) : null,
  };
}
