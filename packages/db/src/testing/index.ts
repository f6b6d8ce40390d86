export { createTestKeys, createTestPrisma, createTestSecretBox, resetDatabase, testDatabaseUrl } from "./database.ts";
export { seedCatalogEntry, seedTeam, seedUser } from "./seed.ts";
export { recreateDatabase, siblingDatabaseUrl } from "./recreate-database.ts";
