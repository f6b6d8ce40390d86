import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../testing/database.ts";
import { deployMigrations } from "./migrations.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const schemaPath = path.join(root, "prisma/schema.prisma");
const migrationsDir = path.join(root, "prisma/migrations");
const PINNING = "catalog_entry_revisions";
const scratchDirs: string[] = [];

afterAll(() => Promise.all(scratchDirs.map((dir) => rm(dir, { recursive: true }))));

/** A migrations folder holding only the migrations before the one named `name`. */
async function migrationsBefore(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
  scratchDirs.push(dir);
  await cp(path.join(migrationsDir, "migration_lock.toml"), path.join(dir, "migration_lock.toml"));
  const names = (await readdir(migrationsDir)).filter((entry) => /^\d+_/.test(entry)).sort();
  for (const entry of names.slice(
    0,
    names.findIndex((entry) => entry.endsWith(`_${name}`)),
  ))
    await cp(path.join(migrationsDir, entry), path.join(dir, entry), { recursive: true });
  return dir;
}

describe("issue 12 finding 7: the catalog_entry_revisions migration pins existing connectors", () => {
  it("stores each entry's current state as its revision and pins its connectors to it", async () => {
    await withScratchDatabase(testDatabaseUrl, async (url) => {
      await deployMigrations(url, { schemaPath, migrationsDir: await migrationsBefore(PINNING) });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(
          `INSERT INTO "CatalogEntry" (id, slug, source, name, "authKind", location, tags, entry, revision, "updatedAt")
           VALUES ('7a1c0d7e-0000-4000-8000-000000000001', 'weather', 'CUSTOM', 'Weather', 'none', 'local', '{}',
                   '{"server": {"image": "weather:3"}}', 3, now())`,
        );
        await client.query(
          `INSERT INTO "Installation" (id, "catalogEntryId", scope, name, "updatedAt")
           VALUES ('7a1c0d7e-0000-4000-8000-000000000002', '7a1c0d7e-0000-4000-8000-000000000001', 'PERSONAL', 'w', now())`,
        );
        await deployMigrations(url, { schemaPath, migrationsDir });

        const pinned = await client.query(
          `SELECT i."catalogRevision", r.entry FROM "Installation" i
             JOIN "CatalogEntryRevision" r ON r."catalogEntryId" = i."catalogEntryId" AND r.revision = i."catalogRevision"`,
        );
        expect(pinned.rows).toEqual([{ catalogRevision: 3, entry: { server: { image: "weather:3" } } }]);

        await client.query(`UPDATE "CatalogEntry" SET entry = '{"server": {"image": "other:1"}}'`);
        const after = await client.query(
          `SELECT (SELECT revision FROM "CatalogEntry") AS latest, (SELECT "catalogRevision" FROM "Installation") AS pinned`,
        );
        expect(after.rows).toEqual([{ latest: 4, pinned: 3 }]);
      } finally {
        await client.end();
      }
    });
  });
});
