import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@switchboard/db";
import type { Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { teamNameSchema } from "./team-schemas.ts";

export async function createTeam(prisma: PrismaClient, actor: Actor, rawName: unknown) {
  const parsed = teamNameSchema.safeParse(rawName);
  if (!parsed.success)
    throw new AppError("invalid_input", parsed.error.issues[0]!.message, { name: parsed.error.issues[0]!.message });
  const name = parsed.data;
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "team";
  const slug = (await prisma.team.findUnique({ where: { slug: base } }))
    ? `${base}-${randomBytes(3).toString("hex")}`
    : base;
  return prisma.$transaction(async (tx) => {
    const team = await tx.team.create({
      data: { name, slug, memberships: { create: { userId: actor.id, role: "OWNER" } } },
    });
    await tx.auditEvent.create({
      data: { actorUserId: actor.id, action: "team.created", targetType: "team", targetId: team.id, teamId: team.id },
    });
    return team;
  });
}
