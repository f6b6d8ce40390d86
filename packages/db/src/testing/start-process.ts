import { spawnSync, type SpawnSyncReturns } from "node:child_process";

/** A key of 16 bytes where 32 are required: every process must refuse it at start. */
export const SHORT_ENCRYPTION_KEY = `k1:${Buffer.alloc(16).toString("base64")}`;

/** The one line a process prints when its encryption key is too short. */
export function shortKeyMessage(processName: string): string {
  return `Switchboard ${processName} is misconfigured:\n  SWITCHBOARD_ENCRYPTION_KEYS: key "k1": expected 32 bytes of base64, got 16\n`;
}

/**
 * Runs a process's entry point with tsx, as in production, with only the given settings (plus
 * PATH), to its end.
 * Starting one (tsx compiling its imports) takes seconds on a busy machine, hence the minute.
 */
export function startProcess(args: string[], env: Record<string, string>, cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ["--import", "tsx", ...args], {
    ...(cwd === undefined ? {} : { cwd }),
    env: { PATH: process.env.PATH, NODE_ENV: "production", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}
