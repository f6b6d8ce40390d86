import "server-only";
import type { PrismaClient } from "@switchboard/db";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import {
  classifyCredentialHealth,
  CREDENTIAL_HEALTH_ORDER,
  type CredentialHealth,
} from "./classify-credential-health.ts";

export interface CredentialOverview {
  id: string;
  connectorId: string;
  connectorName: string;
  connector: string;
  owner: string;
  issuer: string | null;
  expiresAt: Date | null;
  hasRefreshToken: boolean;
  lastRefreshedAt: Date | null;
  lastError: string | null;
  failureCount: number;
}

/**
 * Every OAuth credential, grouped by health, for instance admins. Only status and timing leave
 * this function: the refresh token's ciphertext is read just to tell whether there is one.
 */
export async function listCredentialsByHealth(
  prisma: PrismaClient,
  actor: Actor,
  now = new Date(),
): Promise<{ health: CredentialHealth; credentials: CredentialOverview[] }[]> {
  requireInstanceAdmin(actor);
  const rows = await prisma.oAuthCredential.findMany({
    select: {
      id: true,
      status: true,
      refreshTokenCiphertext: true,
      issuer: true,
      expiresAt: true,
      lastRefreshedAt: true,
      lastError: true,
      failureCount: true,
      connector: {
        select: {
          id: true,
          name: true,
          catalogEntry: { select: { name: true } },
          owner: { select: { email: true } },
          team: { select: { name: true } },
        },
      },
    },
    orderBy: { expiresAt: "asc" },
  });
  const groups = new Map<CredentialHealth, CredentialOverview[]>(CREDENTIAL_HEALTH_ORDER.map((health) => [health, []]));
  for (const row of rows) {
    const hasRefreshToken = row.refreshTokenCiphertext !== null;
    const { connector } = row;
    groups.get(classifyCredentialHealth({ ...row, hasRefreshToken }, now))?.push({
      id: row.id,
      connectorId: connector.id,
      connectorName: connector.name,
      connector: connector.catalogEntry.name,
      owner: connector.team ? `Team ${connector.team.name}` : (connector.owner?.email ?? "—"),
      issuer: row.issuer,
      expiresAt: row.expiresAt,
      hasRefreshToken,
      lastRefreshedAt: row.lastRefreshedAt,
      lastError: row.lastError,
      failureCount: row.failureCount,
    });
  }
  return CREDENTIAL_HEALTH_ORDER.map((health) => ({ health, credentials: groups.get(health) ?? [] }));
}
