import type { PrismaClient } from "@switchboard/db";
import { CLOCK_TOLERANCE_SECONDS, type IdJagClaims } from "./verify-id-jag.ts";

/**
 * Records an ID-JAG as exchanged; false when its `jti` was already (a replay). The row lives until
 * the verifier stops accepting the assertion (its `exp` plus the clock tolerance), after which the
 * assertion is refused for its `exp` anyway.
 */
export async function spendIdJag(prisma: PrismaClient, claims: IdJagClaims): Promise<boolean> {
  const { count } = await prisma.spentIdJag.createMany({
    data: [{ issuer: claims.iss, jti: claims.jti, expiresAt: new Date((claims.exp + CLOCK_TOLERANCE_SECONDS) * 1000) }],
    skipDuplicates: true,
  });
  return count === 1;
}
