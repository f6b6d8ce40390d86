import { randomBytes } from "node:crypto";
import { createPrismaClient, type PrismaClient } from "../client.ts";
import type { EncryptionKey } from "../crypto/keys.ts";
import { SecretBox } from "../crypto/secret-box.ts";

/** The database the integration tests own; `test/global-setup.ts` recreates and migrates it. */
export const testDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/switchboard_test";
/** The Redis database tests use (each engineer's runs get their own number). */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/9";

export function createTestPrisma(): PrismaClient {
  return createPrismaClient(testDatabaseUrl, { maxConnections: 5 });
}

const DEADLOCK_DETECTED = "40P01";

/**
 * Empties every table except the migrations history. A gateway a test left running may read
 * several of them in one statement meanwhile (its change watcher); Postgres then breaks the
 * deadlock by failing one side, and a TRUNCATE that lost is simply run again.
 */
export async function resetDatabase(prisma: PrismaClient): Promise<void> {
  const tables = await prisma.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (tables.length === 0) return;
  const truncate = `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} CASCADE`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await prisma.$executeRawUnsafe(truncate);
      return;
    } catch (error) {
      const deadlocked =
        (error as { meta?: { code?: string } }).meta?.code === DEADLOCK_DETECTED ||
        String(error).includes(DEADLOCK_DETECTED);
      if (!deadlocked || attempt === 3) throw error;
    }
  }
}

export function createTestKeys(ids: string[] = ["test"]): EncryptionKey[] {
  return ids.map((id) => ({ id, key: randomBytes(32) }));
}

export function createTestSecretBox(keys: EncryptionKey[] = createTestKeys()): SecretBox {
  return new SecretBox(keys);
}
