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

/** A catalog entry's `server` as stored: `type` local (with a `runtime`) or remote (with a `url`). */
export type SeededServer = { type: "local" | "remote"; [setting: string]: string | string[] };

/** A custom catalog entry without authentication that runs `server` (by default `npx` in the Node runtime). */
export async function seedCatalogEntry(
  prisma: PrismaClient,
  slug = `entry-${randomUUID().slice(0, 8)}`,
  server: SeededServer = { type: "local", runtime: "node", command: "npx", args: [] },
) {
  // A valid stored entry: code reads it through readCatalogEntry, which refuses anything else.
  const entry = { schemaVersion: 1, id: slug, source: "custom", name: slug, server, auth: { kind: "none" } };
  return prisma.catalogEntry.create({
    data: { slug, source: "CUSTOM", name: slug, authKind: "none", location: server.type, tags: [], entry },
  });
}
