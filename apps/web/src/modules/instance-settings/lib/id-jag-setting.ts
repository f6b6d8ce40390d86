import type { PrismaClient } from "@switchboard/db";
import type { Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";

/** The one InstanceSettings row. */
const SETTINGS_ID = 1;

/** Whether MCP clients may trade an ID-JAG from the company SSO for gateway access (off by default). */
export async function isIdJagEnabled(prisma: PrismaClient): Promise<boolean> {
  const settings = await prisma.instanceSettings.findUnique({
    where: { id: SETTINGS_ID },
    select: { idJagEnabled: true },
  });
  return settings?.idJagEnabled ?? false;
}

/** Turns enterprise-managed authorization on or off; instance admins only, audited. */
export async function setIdJagEnabled(prisma: PrismaClient, actor: Actor, enabled: boolean): Promise<void> {
  if (!actor.isInstanceAdmin) throw new AppError("forbidden", "Only an admin can change this.");
  await prisma.$transaction([
    prisma.instanceSettings.upsert({
      where: { id: SETTINGS_ID },
      create: { id: SETTINGS_ID, idJagEnabled: enabled, updatedByUserId: actor.id },
      update: { idJagEnabled: enabled, updatedByUserId: actor.id },
    }),
    prisma.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: enabled ? "instance_settings.id_jag_enabled" : "instance_settings.id_jag_disabled",
        targetType: "instance_settings",
        targetId: null,
        metadata: {},
      },
    }),
  ]);
}
