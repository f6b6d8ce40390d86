import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export type AppName = "web" | "runner" | "gateway";

/** A registry with the process's own metrics (CPU, memory, event loop lag, GC), labelled by app. */
export function createMetricsRegistry(app: AppName): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** BullMQ jobs by queue, job name and outcome (completed, failed), and how long they took. */
export function createJobMetrics(registry: Registry) {
  return {
    processed: new Counter({
      name: "switchboard_jobs_processed_total",
      help: "Jobs processed, by queue, job name and outcome.",
      labelNames: ["queue", "job", "outcome"] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: "switchboard_job_duration_seconds",
      help: "Time from a job's start to its completion or failure.",
      labelNames: ["queue", "job"] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
  };
}

/** Outcomes of refreshCredential: refreshed, already_fresh, needs_reauth, failing, … */
export function createRefreshMetrics(registry: Registry) {
  return new Counter({
    name: "switchboard_credential_refreshes_total",
    help: "OAuth credential refresh attempts, by outcome.",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
}

export interface GaugeSample<L extends string> {
  labels: Record<L, string>;
  value: number;
}

/**
 * A gauge read when Prometheus scrapes, for counts that live elsewhere (Docker, Postgres, Redis);
 * label sets missing from a scrape disappear instead of keeping their last value.
 */
export function createScrapedGauge<L extends string>(
  registry: Registry,
  options: { name: string; help: string; labelNames: readonly L[]; read: () => Promise<GaugeSample<L>[]> },
) {
  return new Gauge({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames,
    registers: [registry],
    async collect() {
      const samples = await options.read();
      this.reset();
      for (const { labels, value } of samples) this.set(labels as Partial<Record<L, string>>, value);
    },
  });
}

/** Gateway latency per MCP method and outcome, and tool calls by outcome (as usage records them). */
export function createGatewayMetrics(registry: Registry) {
  return {
    requestDuration: new Histogram({
      name: "switchboard_gateway_request_duration_seconds",
      help: "Time the gateway took to answer an MCP HTTP request, by JSON-RPC method and outcome (ok, denied, error).",
      labelNames: ["method", "outcome"] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 30],
      registers: [registry],
    }),
    toolCalls: new Counter({
      name: "switchboard_gateway_tool_calls_total",
      help: "Tool calls through the gateway by outcome (ok, tool_error, error, timeout, cancelled).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    usageRecordsDropped: new Counter({
      name: "switchboard_gateway_usage_records_dropped_total",
      help: "Usage records dropped because the database stayed unreachable until the gateway's buffer was full.",
      registers: [registry],
    }),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
