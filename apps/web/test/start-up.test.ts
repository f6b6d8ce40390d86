import { fileURLToPath } from "node:url";
import { SHORT_ENCRYPTION_KEY, shortKeyMessage, startProcess } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";

const WEB = fileURLToPath(new URL("..", import.meta.url));
// What `next start` does with instrumentation.ts: import it on the server and call register().
const START = 'const { register } = await import("./instrumentation.ts"); await register();';

function start(extra: Record<string, string> = {}) {
  return startProcess(
    ["--conditions=react-server", "--input-type=module", "-e", START],
    {
      NEXT_RUNTIME: "nodejs",
      DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:5432/unused",
      NEXTAUTH_URL: "http://127.0.0.1:3000",
      NEXTAUTH_SECRET: "a-nextauth-secret-of-at-least-32-chars",
      SWITCHBOARD_ENCRYPTION_KEYS: SHORT_ENCRYPTION_KEY,
      ...extra,
    },
    WEB,
  );
}

// Starting a process (tsx compiling its imports) takes seconds on a busy machine.
describe("web start-up", { timeout: 60_000 }, () => {
  it("refuses a too-short encryption key at start with one clear message and no stack trace", () => {
    const started = start();
    expect(started.stderr).toBe(shortKeyMessage("web"));
    expect(started.status).toBe(1);
  });

  it("reads no settings while `next build` runs", () => {
    const built = start({ NEXT_PHASE: "phase-production-build" });
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
  });
});
