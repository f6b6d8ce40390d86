export { createPrismaClient, type PrismaClient } from "./client.ts";
export { readDatabaseUrl, readEncryptionKeys } from "./config.ts";
export * from "./generated/prisma/enums.ts";
export { Prisma } from "./generated/prisma/client.ts";
export type * from "./generated/prisma/client.ts";
