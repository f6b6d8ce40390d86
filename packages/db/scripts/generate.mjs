// `prisma generate` fetches the native schema engine at start-up although generation never uses
// it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file lets it run offline.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const result = spawnSync("npx", ["prisma", "generate"], {
  cwd: root,
  stdio: "inherit",
  env: {
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    ...process.env,
  },
});
process.exit(result.status ?? 1);
