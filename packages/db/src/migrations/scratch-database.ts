import { randomBytes } from "node:crypto";
import pg from "pg";

/** Creates an empty database next to the one in `databaseUrl`, runs `use`, then drops it. */
export async function withScratchDatabase<T>(databaseUrl: string, use: (url: string) => Promise<T>): Promise<T> {
  const name = `switchboard_scratch_${randomBytes(6).toString("hex")}`;
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const scratchUrl = new URL(databaseUrl);
    scratchUrl.pathname = `/${name}`;
    return await use(scratchUrl.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
