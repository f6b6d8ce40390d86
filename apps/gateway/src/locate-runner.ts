import { runnerUrl } from "@switchboard/jobs/runner-presence";
import type { Redis } from "ioredis";

/**
 * The internal HTTP server of the runner that owns an installation, as that runner's heartbeat
 * announces it; `fallbackUrl` (RUNNER_URL) for an unpinned installation, a runner that announces
 * no URL, no Redis, or Redis unreachable (one runner keeps working without it).
 */
export function createRunnerLocator(redis: Redis | undefined, fallbackUrl: string) {
  return async (runnerId: string | null): Promise<string> => {
    if (!runnerId || !redis) return fallbackUrl;
    return (await runnerUrl(redis, runnerId).catch(() => null)) ?? fallbackUrl;
  };
}
