import { fileURLToPath } from "node:url";
import { readDatabaseUrl } from "../config.ts";
import { checkMigrations, createMigration, deployMigrations, type MigrationPaths } from "./migrations.ts";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const paths: MigrationPaths = {
  schemaPath: `${root}prisma/schema.prisma`,
  migrationsDir: `${root}prisma/migrations`,
};

const [command, name] = process.argv.slice(2);
const databaseUrl = readDatabaseUrl();

switch (command) {
  case "deploy": {
    const applied = await deployMigrations(databaseUrl, paths);
    console.log(
      applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "No pending migrations.",
    );
    break;
  }
  case "check": {
    const report = await checkMigrations(databaseUrl, paths);
    if (!report.inSync) {
      console.error("prisma/schema.prisma and prisma/migrations disagree. Run `npm run db:migration:new -- <name>`.");
      console.error(report.differences.join("\n"));
      process.exit(1);
    }
    console.log("prisma/schema.prisma and prisma/migrations agree.");
    break;
  }
  case "new": {
    if (!name) throw new Error("Usage: migrations:new <name>");
    const dir = await createMigration(databaseUrl, paths, name);
    console.log(dir ? `Created ${dir}` : "The schema has no changes since the last migration.");
    break;
  }
  default:
    console.error("Usage: cli.ts deploy | check | new <name>");
    process.exit(2);
}
process.exit(0);
