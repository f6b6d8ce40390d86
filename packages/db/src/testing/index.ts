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
