import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { describeSchema } from "./describe-schema.ts";
import { withScratchDatabase } from "./scratch-database.ts";
import { noFilters, openSchemaEngine, readMigrationList, renderSchemaSql } from "./schema-engine.ts";

export interface MigrationPaths {
  schemaPath: string;
  migrationsDir: string;
}

/** Applies pending migrations, exactly as `prisma migrate deploy` would. Returns their names. */
export async function deployMigrations(databaseUrl: string, paths: MigrationPaths): Promise<string[]> {
  const schema = await readFile(paths.schemaPath, "utf8");
  const engine = await openSchemaEngine(databaseUrl, schema);
  try {
    const migrationsList = await readMigrationList(paths.migrationsDir);
    const output = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return output.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

export interface DriftReport {
  inSync: boolean;
  /** Lines only the migrations produce (`-`) or only the schema file produces (`+`). */
  differences: string[];
}

/**
 * Builds one scratch database from the migrations and another from `schema.prisma`, and compares
 * what Postgres reports for both. (The Wasm engine cannot introspect Postgres, so the engine's own
 * `migrate diff --from-migrations` is not available here.)
 */
export async function checkMigrations(databaseUrl: string, paths: MigrationPaths): Promise<DriftReport> {
  const schema = await readFile(paths.schemaPath, "utf8");
  const fromMigrations = await withScratchDatabase(databaseUrl, async (url) => {
    await deployMigrations(url, paths);
    return describeSchema(url);
  });
  const fromSchema = await withScratchDatabase(databaseUrl, async (url) => {
    const engine = await openSchemaEngine(url, schema);
    const sql = await renderSchemaSql(engine, schema).finally(() => engine.free());
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(sql).finally(() => client.end());
    return describeSchema(url);
  });
  const inMigrations = new Set(fromMigrations);
  const inSchema = new Set(fromSchema);
  const differences = [
    ...fromMigrations.filter((line) => !inSchema.has(line)).map((line) => `- ${line}`),
    ...fromSchema.filter((line) => !inMigrations.has(line)).map((line) => `+ ${line}`),
  ];
  return { inSync: differences.length === 0, differences };
}

/**
 * Writes a new migration with the SQL from the schema as of the last commit that changed the
 * migrations to the current schema file. Users with Prisma's native engine can use
 * `prisma migrate dev` instead; both produce the same folder format.
 */
export async function createMigration(
  databaseUrl: string,
  paths: MigrationPaths,
  name: string,
): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name))
    throw new Error(`Migration name "${name}": expected lowercase letters, digits and _.`);
  const schema = await readFile(paths.schemaPath, "utf8");
  const previous = readCommittedSchema(paths);
  const engine = await openSchemaEngine(databaseUrl, schema);
  try {
    const result = await engine.diff({
      from:
        previous === null
          ? { tag: "empty" }
          : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: previous }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const sql = result.stdout ?? "";
    if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) return null;
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(paths.migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), sql);
    return dir;
  } finally {
    engine.free();
  }
}

function readCommittedSchema(paths: MigrationPaths): string | null {
  const cwd = path.dirname(paths.schemaPath);
  const git = (args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
  const commit = git(["log", "-1", "--format=%H", "--", paths.migrationsDir]);
  if (!commit) return null;
  const relative = path.relative(git(["rev-parse", "--show-toplevel"]), paths.schemaPath);
  return git(["show", `${commit}:${relative}`]);
}
