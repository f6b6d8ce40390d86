export {
  createTestKeys,
  createTestPrisma,
  createTestSecretBox,
  resetDatabase,
  testDatabaseUrl,
  testRedisUrl,
} from "./database.ts";
export { seedCatalogEntry, seedTeam, seedUser } from "./seed.ts";
export { recreateDatabase, siblingDatabaseUrl } from "./recreate-database.ts";
export { SHORT_ENCRYPTION_KEY, shortKeyMessage, startProcess } from "./start-process.ts";
