import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { SchemaEngine, type MigrationList } from "@prisma/schema-engine-wasm";

/**
 * Prisma's schema engine compiled to WebAssembly, driven through the pg driver adapter. It is the
 * same engine `prisma migrate deploy` runs natively, so `_prisma_migrations` stays in Prisma's
 * format, but it needs no download.
 */
export async function openSchemaEngine(databaseUrl: string, schema: string): Promise<SchemaEngine> {
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  return SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, adapter);
}

export const noFilters = { externalTables: [], externalEnums: [] };

export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const names = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    })),
  );
  const lockfilePath = "migration_lock.toml";
  const lockContent = await readFile(path.join(migrationsDir, lockfilePath), "utf8").catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockfilePath, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** The SQL that creates `schema` from an empty database. */
export async function renderSchemaSql(engine: SchemaEngine, schema: string): Promise<string> {
  const result = await engine.diff({
    from: { tag: "empty" },
    to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
    script: true,
    exitCode: null,
    filters: noFilters,
  });
  return result.stdout ?? "";
}
