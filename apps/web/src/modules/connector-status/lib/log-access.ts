import type { PrismaClient } from "@switchboard/db";
import { z } from "zod";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { getConnectorForUser } from "./get-connector-for-user.ts";

/** How long one support access lets an admin stream (and reconnect to) a connector's logs. */
export const SUPPORT_ACCESS_MINUTES = 30;
const SUPPORT_ACCESS = "installation.support_access";

export type LogAccess = "in_scope" | "support_access" | "needs_support_access";

type ScopedConnector = { id: string; scope: string; ownerUserId: string | null; teamId: string | null };

const supportAccessInputSchema = z.object({
  connectorId: z.uuid(),
  reason: z
    .string()
    .trim()
    .min(10, "Say why you need these logs (at least 10 characters).")
    .max(500, "Keep the reason under 500 characters."),
});

/**
 * Whether the actor may read the connector's logs. Servers print tokens to their logs, so only
 * the connector's own scope (its owner, the team's members) reads them freely; an instance
 * admin outside it needs an explicit, audited support access first.
 */
export async function findLogAccess(
  prisma: PrismaClient,
  actor: Actor,
  connector: ScopedConnector,
): Promise<LogAccess> {
  if (await isInScope(prisma, actor, connector)) return "in_scope";
  const grant = await prisma.auditEvent.findFirst({
    where: {
      actorUserId: actor.id,
      action: SUPPORT_ACCESS,
      targetType: "installation",
      targetId: connector.id,
      at: { gte: new Date(Date.now() - SUPPORT_ACCESS_MINUTES * 60_000) },
    },
    select: { id: true },
  });
  return grant ? "support_access" : "needs_support_access";
}

/** The connector whose logs the actor may stream now; refused without scope or support access. */
export async function authorizeLogStream(prisma: PrismaClient, actor: Actor, id: string) {
  const connector = await getConnectorForUser(prisma, actor, id);
  if ((await findLogAccess(prisma, actor, connector)) === "needs_support_access") {
    throw new AppError("forbidden", "Logs of a team you are not in need support access with a reason first.");
  }
  return connector;
}

/** Records an instance admin's reason for reading logs outside their scope; that record is the access. */
export async function grantSupportAccess(prisma: PrismaClient, actor: Actor, rawInput: unknown): Promise<void> {
  const parsed = supportAccessInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "reason");
    throw new AppError("invalid_input", issue?.message ?? "Invalid input.", { [field]: issue?.message ?? "" });
  }
  const connector = await getConnectorForUser(prisma, actor, parsed.data.connectorId);
  if (await isInScope(prisma, actor, connector))
    throw new AppError("invalid_input", "You can read these logs without support access.");
  requireInstanceAdmin(actor);
  await prisma.auditEvent.create({
    data: {
      actorUserId: actor.id,
      action: SUPPORT_ACCESS,
      targetType: "installation",
      targetId: connector.id,
      teamId: connector.teamId,
      metadata: { reason: parsed.data.reason, minutes: SUPPORT_ACCESS_MINUTES },
    },
  });
}

async function isInScope(prisma: PrismaClient, actor: Actor, connector: ScopedConnector): Promise<boolean> {
  if (connector.scope === "PERSONAL") return connector.ownerUserId === actor.id;
  if (!connector.teamId) return false;
  const membership = await prisma.membership.findUnique({
    where: { teamId_userId: { teamId: connector.teamId, userId: actor.id } },
    select: { id: true },
  });
  return membership !== null;
}
