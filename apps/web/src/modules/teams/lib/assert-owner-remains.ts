import type { Prisma } from "@switchboard/db";
import { AppError } from "@/server/errors.ts";

/** Called inside the transaction that changed memberships, so the change rolls back if it orphaned the team. */
export async function assertOwnerRemains(tx: Pick<Prisma.TransactionClient, "membership">, teamId: string) {
  const owners = await tx.membership.count({ where: { teamId, role: "OWNER" } });
  if (owners === 0) throw new AppError("conflict", "A team needs at least one owner. Make someone else owner first.");
}
