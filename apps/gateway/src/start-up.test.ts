import { fileURLToPath } from "node:url";
import { SHORT_ENCRYPTION_KEY, shortKeyMessage, startProcess } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

describe("gateway start-up", { timeout: 60_000 }, () => {
  it("refuses a too-short encryption key at start with one clear message and no stack trace", () => {
    const started = startProcess([MAIN], {
      DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:5432/unused",
      GATEWAY_PUBLIC_URL: "http://127.0.0.1:3200/mcp",
      RUNNER_INTERNAL_TOKEN: "an-internal-token-of-24-chars",
      SWITCHBOARD_ENCRYPTION_KEYS: SHORT_ENCRYPTION_KEY,
    });
    expect(started.stderr).toBe(shortKeyMessage("gateway"));
    expect(started.status).toBe(1);
    expect(started.stdout).toBe("");
  });
});
