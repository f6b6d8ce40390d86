import type { Redis } from "ioredis";

// Which runners are alive: each renews a key of its own that expires unless renewed. Web reads it
// to route an installation's jobs to its runner; runners read it to adopt a dead runner's work.

function presenceKey(runnerId: string): string {
  return `switchboard:runner:${runnerId}`;
}

export async function announceRunner(redis: Redis, runnerId: string, ttlMs: number): Promise<void> {
  await redis.set(presenceKey(runnerId), new Date().toISOString(), "PX", ttlMs);
}

export async function isRunnerAlive(redis: Redis, runnerId: string): Promise<boolean> {
  return (await redis.exists(presenceKey(runnerId))) === 1;
}
