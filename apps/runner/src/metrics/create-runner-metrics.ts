import type { JobProducer } from "@switchboard/jobs";
import {
  createJobMetrics,
  createMetricsRegistry,
  createRefreshMetrics,
  createScrapedGauge,
  type Registry,
} from "@switchboard/observability";
import type { Job, Worker } from "bullmq";
import type { ContainerRuntime } from "../runtime/runtime.ts";

export interface RunnerMetricsSources {
  runnerId: string;
  runtime: ContainerRuntime;
  workers: Worker[];
  producer: JobProducer;
}

const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;

/**
 * The runner's metrics: jobs by outcome and duration, credential refresh outcomes (from the
 * workers' events), and, read at scrape time, this runner's containers by state and the backlog of
 * each queue it consumes.
 */
export function createRunnerMetrics(sources: RunnerMetricsSources): Registry {
  const registry = createMetricsRegistry("runner");
  const jobs = createJobMetrics(registry);
  const refreshes = createRefreshMetrics(registry);

  // The worker hands the same Job object to its active, completed and failed events.
  const startedAt = new WeakMap<Job, number>();
  const record = (queue: string, job: Job | undefined, outcome: "completed" | "failed") => {
    if (!job) return;
    jobs.processed.inc({ queue, job: job.name, outcome });
    const started = startedAt.get(job);
    if (started !== undefined) jobs.duration.observe({ queue, job: job.name }, (performance.now() - started) / 1000);
  };
  for (const worker of sources.workers) {
    worker.on("active", (job) => startedAt.set(job, performance.now()));
    worker.on("completed", (job, result: unknown) => {
      record(worker.name, job, "completed");
      if (job.name === "credential.refresh") refreshes.inc({ outcome: String(result).split(":")[0] });
    });
    worker.on("failed", (job, error) => {
      record(worker.name, job, "failed");
      if (job?.name === "credential.refresh") {
        refreshes.inc({ outcome: error.name === "UnrecoverableError" ? "failed_permanently" : "failed_will_retry" });
      }
    });
  }

  createScrapedGauge(registry, {
    name: "switchboard_containers",
    help: "This runner's MCP server containers by Docker state.",
    labelNames: ["state"],
    read: async () => {
      const counts = new Map<string, number>();
      for (const { state } of await sources.runtime.listManaged(sources.runnerId)) {
        counts.set(state, (counts.get(state) ?? 0) + 1);
      }
      return [...counts].map(([state, value]) => ({ labels: { state }, value }));
    },
  });
  createScrapedGauge(registry, {
    name: "switchboard_queue_jobs",
    help: "Jobs in each queue this runner consumes, by state.",
    labelNames: ["queue", "state"],
    read: async () => {
      const samples = [];
      for (const { name: queue } of sources.workers) {
        const counts = await sources.producer.queue(queue).getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) samples.push({ labels: { queue, state }, value: counts[state] ?? 0 });
      }
      return samples;
    },
  });
  return registry;
}
