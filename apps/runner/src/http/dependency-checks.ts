import type { PrismaClient } from "@switchboard/db";
import type Docker from "dockerode";
import type { Redis } from "ioredis";
import type { DependencyCheck } from "./check-dependencies.ts";

export interface RunnerDependencies {
  prisma: PrismaClient;
  redis: Redis;
  docker: Docker;
}

/** What the runner's /health checks: it can work only while Postgres, Redis and Docker all answer. */
export function createDependencyChecks({ prisma, redis, docker }: RunnerDependencies): Record<string, DependencyCheck> {
  return {
    postgres: () => prisma.$queryRaw`SELECT 1`,
    redis: async () => {
      // The runner's connections queue commands until Redis is back (maxRetriesPerRequest null), so a
      // ping during an outage would only pile up; health answers from the connection state instead.
      if (redis.status !== "ready") throw new Error(`Redis connection is ${redis.status}`);
      await redis.ping();
    },
    docker: () => docker.ping(),
  };
}
