import "server-only";
import type { PrismaClient } from "@switchboard/db";
import { createMetricsRegistry, createScrapedGauge, type Registry } from "@switchboard/observability";
import { db } from "@/server/db.ts";

// Next's dev server reloads modules; a second registry would register every metric twice.
const globalForMetrics = globalThis as unknown as { switchboardMetrics?: Registry };

export function metricsRegistry(): Registry {
  globalForMetrics.switchboardMetrics ??= createWebMetricsRegistry(db());
  return globalForMetrics.switchboardMetrics;
}

/**
 * Web's metrics: the process's own, plus the platform's state as Postgres has it when Prometheus
 * scrapes (connectors by status, OAuth credentials by health).
 */
export function createWebMetricsRegistry(prisma: PrismaClient): Registry {
  const registry = createMetricsRegistry("web");
  createScrapedGauge(registry, {
    name: "switchboard_installations",
    help: "Connectors by status.",
    labelNames: ["status"],
    read: async () => {
      const groups = await prisma.connector.groupBy({ by: ["status"], _count: { _all: true } });
      return byStatus(groups);
    },
  });
  createScrapedGauge(registry, {
    name: "switchboard_oauth_credentials",
    help: "OAuth credentials by health.",
    labelNames: ["status"],
    read: async () => {
      const groups = await prisma.oAuthCredential.groupBy({ by: ["status"], _count: { _all: true } });
      return byStatus(groups);
    },
  });
  return registry;
}

function byStatus(groups: { status: string; _count: { _all: number } }[]) {
  return groups.map((group) => ({ labels: { status: group.status }, value: group._count._all }));
}
