import { fileURLToPath } from "node:url";
import pg from "pg";
import { deployMigrations } from "../migrations/migrations.ts";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

/** Drops the database named in `databaseUrl`, creates it empty and applies every migration. */
export async function recreateDatabase(databaseUrl: string): Promise<string> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Refusing to recreate database "${name}".`);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  await deployMigrations(databaseUrl, {
    schemaPath: `${root}prisma/schema.prisma`,
    migrationsDir: `${root}prisma/migrations`,
  });
  return databaseUrl;
}

/** A database URL next to the test database, for a benchmark or a parallel run that must not share it. */
export function siblingDatabaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
