import { fileURLToPath } from "node:url";
import pg from "pg";
import { testDatabaseUrl } from "@switchboard/db/testing";
import { deployMigrations } from "../packages/db/src/migrations/migrations.ts";

const root = fileURLToPath(new URL("../", import.meta.url));

/** Recreates the integration-test database from the migrations, once per run. */
export default async function setup(): Promise<void> {
  const url = new URL(testDatabaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  await deployMigrations(testDatabaseUrl, {
    schemaPath: `${root}prisma/schema.prisma`,
    migrationsDir: `${root}prisma/migrations`,
  });
}
