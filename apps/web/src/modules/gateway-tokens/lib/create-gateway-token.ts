import type { PrismaClient } from "@switchboard/db";
import { createOpaqueToken } from "@switchboard/db/tokens";
import { z } from "zod";
import { AppError } from "@/server/errors.ts";
import { fieldErrorsOf } from "../../auth/lib/credentials-schema.ts";
import { listUsableConnectors } from "./list-usable-connectors.ts";

const inputSchema = z.object({
  name: z.string().trim().min(1, "Name the token, e.g. “Claude on my laptop”.").max(80, "Use at most 80 characters."),
  /** Empty: every connector the user can use, now and later. */
  connectorIds: z.array(z.uuid()).max(200).default([]),
  expiresInDays: z.coerce.number().int().min(0).max(3650).default(0),
});

/**
 * Creates a gateway token and returns it once; only its SHA-256 is stored. A user holds at most
 * `maxActiveTokens` unrevoked, unexpired tokens: each one is a credential to every connector they use.
 */
export async function createGatewayToken(
  prisma: PrismaClient,
  userId: string,
  input: unknown,
  { maxActiveTokens }: { maxActiveTokens: number },
) {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError("invalid_input", "Please correct the marked fields.", fieldErrorsOf(parsed.error));
  const { name, connectorIds, expiresInDays } = parsed.data;
  const usable = new Set((await listUsableConnectors(prisma, userId)).map((connector) => connector.id));
  const foreign = connectorIds.filter((id) => !usable.has(id));
  if (foreign.length) throw new AppError("forbidden", "A token can only include connectors you can use.");
  const { token, hash } = createOpaqueToken("sbg");
  const created = await prisma.$transaction(async (tx) => {
    // Per-user lock, so concurrent requests cannot each see room for one more token.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`gateway-tokens:${userId}`}, 0))`;
    const active = await tx.gatewayToken.count({
      where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    if (active >= maxActiveTokens) {
      throw new AppError(
        "conflict",
        `You already have ${active} active gateway tokens, the most allowed. Revoke one you no longer use first.`,
      );
    }
    return tx.gatewayToken.create({
      data: {
        userId,
        name,
        tokenHash: hash,
        prefix: token.slice(0, 12),
        restricted: connectorIds.length > 0,
        expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null,
        connectors: { create: connectorIds.map((connectorId) => ({ connectorId })) },
      },
    });
  });
  await prisma.auditEvent.create({
    data: {
      actorUserId: userId,
      action: "gateway_token.created",
      targetType: "gateway_token",
      targetId: created.id,
      metadata: { name, restricted: created.restricted },
    },
  });
  return { id: created.id, token };
}

export async function revokeGatewayToken(prisma: PrismaClient, userId: string, tokenId: string) {
  const { count } = await prisma.gatewayToken.updateMany({
    where: { id: tokenId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("not_found", "This token does not exist or is already revoked.");
  await prisma.auditEvent.create({
    data: { actorUserId: userId, action: "gateway_token.revoked", targetType: "gateway_token", targetId: tokenId },
  });
}

export function listGatewayTokens(prisma: PrismaClient, userId: string) {
  return prisma.gatewayToken.findMany({
    where: { userId, revokedAt: null },
    select: {
      id: true,
      name: true,
      prefix: true,
      restricted: true,
      lastUsedAt: true,
      expiresAt: true,
      createdAt: true,
      connectors: { select: { connector: { select: { id: true, name: true } } } },
    },
    orderBy: { createdAt: "desc" },
  });
}
