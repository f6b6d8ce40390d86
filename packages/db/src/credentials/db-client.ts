import type { Prisma } from "../generated/prisma/client.ts";
import type { PrismaClient } from "../client.ts";

/** A client or an open transaction: every function here works inside the caller's transaction. */
export type DbClient = PrismaClient | Prisma.TransactionClient;
