import "server-only";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { SecretBox } from "@switchboard/db/crypto";
import { env } from "@/env";

// One client per server process; Next's dev server reloads modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { switchboardPrisma?: PrismaClient; switchboardSecretBox?: SecretBox };

export function db(): PrismaClient {
  globalForDb.switchboardPrisma ??= createPrismaClient(env().DATABASE_URL);
  return globalForDb.switchboardPrisma;
}

export function secretBox(): SecretBox {
  globalForDb.switchboardSecretBox ??= new SecretBox(env().SWITCHBOARD_ENCRYPTION_KEYS);
  return globalForDb.switchboardSecretBox;
}
