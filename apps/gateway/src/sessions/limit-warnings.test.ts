import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { limitWarnings } from "./limit-warnings.ts";

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: "warn", base: null, timestamp: false }, stream), lines };
}

afterEach(() => void vi.useRealTimers());

describe("finding L1: the receiving instance logged a warning per forwarded answer", () => {
  it("logs a message once per interval, then with how many were left out, each message on its own", () => {
    vi.useFakeTimers();
    const { logger, lines } = captureLogs();
    const warn = limitWarnings(logger, 1_000);
    for (let index = 0; index < 1_000; index++) warn({ sessionId: "s" }, "an answer went nowhere");
    warn({}, "another warning");
    vi.advanceTimersByTime(1_000);
    warn({ sessionId: "t" }, "an answer went nowhere");

    expect(lines).toEqual([
      { level: 40, sessionId: "s", msg: "an answer went nowhere" },
      { level: 40, msg: "another warning" },
      { level: 40, sessionId: "t", omitted: 999, msg: "an answer went nowhere" },
    ]);
  });
});
