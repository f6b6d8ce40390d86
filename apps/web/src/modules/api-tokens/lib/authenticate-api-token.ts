import type { PrismaClient } from "@switchboard/db";
import { hashOpaqueToken } from "@switchboard/db/tokens";
import type { Actor } from "@/server/authz.ts";

/** Who an API token acts for, and whether it may change anything. */
export interface ApiTokenCaller extends Actor {
  email: string;
  name: string | null;
  readOnly: boolean;
}

/** `lastUsedAt` is for people ("used 3 minutes ago"), so it is written at most once a minute per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The caller a bearer API token stands for; null when it is unknown, revoked, expired, or its user
 * is disabled. Checked against the database on every request, so revocation is immediate.
 */
export async function authenticateApiToken(
  prisma: PrismaClient,
  token: string,
  now = new Date(),
): Promise<ApiTokenCaller | null> {
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashOpaqueToken(token) },
    select: {
      id: true,
      readOnly: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, isInstanceAdmin: true, disabledAt: true } },
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.user.disabledAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const { user } = row;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isInstanceAdmin: user.isInstanceAdmin,
    readOnly: row.readOnly,
  };
}
