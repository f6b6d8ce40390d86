import type { PrismaClient } from "@switchboard/db";
import { createOpaqueToken } from "@switchboard/db/tokens";
import { z } from "zod";
import { AppError } from "@/server/errors.ts";
import { fieldErrorsOf } from "../../auth/lib/credentials-schema.ts";

/** Tokens are prefixed so a leaked one is recognisable (secret scanners, logs) and never taken for a gateway token. */
export const API_TOKEN_PREFIX = "sba";

/** Each token is a standing credential to manage every connector its user can: few are needed. */
const MAX_ACTIVE_TOKENS = 20;

const inputSchema = z.object({
  name: z.string().trim().min(1, "Name the token, e.g. “CI deploy”.").max(80, "Use at most 80 characters."),
  readOnly: z.boolean().default(false),
  expiresInDays: z.coerce.number().int().min(0).max(3650).default(0),
});

/** Creates an API token and returns it once; only its SHA-256 is stored. */
export async function createApiToken(prisma: PrismaClient, userId: string, input: unknown) {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Please correct the marked fields.", fieldErrorsOf(parsed.error));
  }
  const { name, readOnly, expiresInDays } = parsed.data;
  const { token, hash } = createOpaqueToken(API_TOKEN_PREFIX);
  const created = await prisma.$transaction(async (tx) => {
    // Per-user lock, so concurrent requests cannot each see room for one more token.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`api-tokens:${userId}`}, 0))`;
    const active = await tx.apiToken.count({
      where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    if (active >= MAX_ACTIVE_TOKENS) {
      throw new AppError(
        "conflict",
        `You already have ${active} active API tokens, the most allowed. Revoke one first.`,
      );
    }
    const row = await tx.apiToken.create({
      data: {
        userId,
        name,
        tokenHash: hash,
        prefix: token.slice(0, 12),
        readOnly,
        expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null,
      },
    });
    await tx.auditEvent.create({
      data: {
        actorUserId: userId,
        action: "api_token.created",
        targetType: "api_token",
        targetId: row.id,
        metadata: { name, readOnly },
      },
    });
    return row;
  });
  return { id: created.id, token };
}

export async function revokeApiToken(prisma: PrismaClient, userId: string, tokenId: string) {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError("not_found", "This token does not exist or is already revoked.");
    await tx.auditEvent.create({
      data: { actorUserId: userId, action: "api_token.revoked", targetType: "api_token", targetId: tokenId },
    });
  });
}

export function listApiTokens(prisma: PrismaClient, userId: string) {
  return prisma.apiToken.findMany({
    where: { userId, revokedAt: null },
    select: { id: true, name: true, prefix: true, readOnly: true, lastUsedAt: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}
