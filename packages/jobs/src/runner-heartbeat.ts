import type { Redis } from "ioredis";

// Which runners are alive and where their internal HTTP server is: each renews a key of its own
// that expires unless renewed. Web reads it to route a connector's jobs and log requests to its
// runner, the gateway to reach the runner's stdio bridges, runners to adopt a dead runner's work.

function presenceKey(runnerId: string): string {
  return `switchboard:runner:${runnerId}`;
}

interface Heartbeat {
  at: string;
  /** The runner's internal HTTP server as web and gateway reach it; absent when not advertised. */
  url?: string;
}

export async function announceRunner(redis: Redis, runnerId: string, ttlMs: number, url?: string): Promise<void> {
  const heartbeat: Heartbeat = { at: new Date().toISOString(), ...(url && { url }) };
  await redis.set(presenceKey(runnerId), JSON.stringify(heartbeat), "PX", ttlMs);
}

export async function isRunnerAlive(redis: Redis, runnerId: string): Promise<boolean> {
  return (await redis.exists(presenceKey(runnerId))) === 1;
}

/** Where a live runner said it can be reached, or null (gone, or it advertises no URL). */
export async function runnerUrl(redis: Redis, runnerId: string): Promise<string | null> {
  const value = await redis.get(presenceKey(runnerId));
  if (!value) return null;
  try {
    return (JSON.parse(value) as Heartbeat).url ?? null;
  } catch {
    return null;
  }
}

/**
 * Where to reach the runner that owns a connector: its announced URL, or `fallbackUrl`
 * (RUNNER_URL) for an unpinned connector, a runner that announces none, no Redis, or Redis
 * unreachable (a single runner keeps working without it).
 */
export async function runnerUrlOr(
  redis: Redis | undefined,
  runnerId: string | null,
  fallbackUrl: string,
): Promise<string> {
  if (!runnerId || !redis) return fallbackUrl;
  return (await runnerUrl(redis, runnerId).catch(() => null)) ?? fallbackUrl;
}
