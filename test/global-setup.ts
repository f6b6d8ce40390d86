import { recreateDatabase, testDatabaseUrl } from "@switchboard/db/testing";

/** Recreates the integration-test database from the migrations, once per run. */
export default async function setup(): Promise<void> {
  await recreateDatabase(testDatabaseUrl);
}
