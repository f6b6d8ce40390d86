import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const SHORT_KEY = `k1:${Buffer.alloc(16).toString("base64")}`;

describe("gateway start-up", () => {
  // Starting a process (tsx compiling its imports) takes seconds on a busy machine.
  it(
    "refuses a too-short encryption key at start with one clear message and no stack trace",
    { timeout: 60_000 },
    () => {
      const started = spawnSync(process.execPath, ["--import", "tsx", MAIN], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:5432/unused",
          GATEWAY_PUBLIC_URL: "http://127.0.0.1:3200/mcp",
          RUNNER_INTERNAL_TOKEN: "an-internal-token-of-24-chars",
          SWITCHBOARD_ENCRYPTION_KEYS: SHORT_KEY,
        },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(started.stderr).toBe(
        'Switchboard gateway is misconfigured:\n  SWITCHBOARD_ENCRYPTION_KEYS: key "k1": expected 32 bytes of base64, got 16\n',
      );
      expect(started.status).toBe(1);
      expect(started.stdout).toBe("");
    },
  );
});
