import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../client.ts";
import type { TeamRole } from "../generated/prisma/enums.ts";

export async function seedUser(
  prisma: PrismaClient,
  overrides: { email?: string; isInstanceAdmin?: boolean; name?: string } = {},
) {
  const email = overrides.email ?? `user-${randomUUID().slice(0, 8)}@example.test`;
  return prisma.user.create({
    data: { email, name: overrides.name ?? email.split("@")[0], isInstanceAdmin: overrides.isInstanceAdmin ?? false },
  });
}

export async function seedTeam(prisma: PrismaClient, members: { userId: string; role: TeamRole }[], name = "Platform") {
  return prisma.team.create({
    data: {
      name,
      slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomUUID().slice(0, 6)}`,
      memberships: { create: members },
    },
  });
}

export async function seedCatalogEntry(prisma: PrismaClient, slug = `entry-${randomUUID().slice(0, 8)}`) {
  // A valid stored entry: code reads it through readCatalogEntry, which refuses anything else.
  const entry = {
    schemaVersion: 1,
    id: slug,
    source: "custom",
    name: slug,
    server: { type: "local", runtime: "node", command: "npx", args: [] },
    auth: { kind: "none" },
  };
  return prisma.catalogEntry.create({
    data: { slug, source: "CUSTOM", name: slug, authKind: "none", location: "local", tags: [], entry },
  });
}
