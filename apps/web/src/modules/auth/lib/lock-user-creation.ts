import type { Prisma } from "@switchboard/db";

// One lock for every way an account is created (password sign-up, first SSO sign-in).
const USER_CREATION_LOCK = 727_001;

/**
 * Serializes account creation until the transaction ends, so two people racing on an empty
 * instance cannot both be admitted as its first user (and admin).
 */
export async function lockUserCreation(tx: Pick<Prisma.TransactionClient, "$executeRaw">): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USER_CREATION_LOCK})`;
}
