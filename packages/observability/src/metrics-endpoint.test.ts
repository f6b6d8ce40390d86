import { describe, expect, it } from "vitest";
import { createJobMetrics, createMetricsRegistry, createScrapedGauge } from "./metrics.ts";
import { serveMetrics } from "./metrics-endpoint.ts";

describe("serveMetrics", () => {
  const registry = createMetricsRegistry("runner");
  const jobs = createJobMetrics(registry);
  jobs.processed.inc({ queue: "installations", job: "installation.start", outcome: "completed" });
  createScrapedGauge(registry, {
    name: "switchboard_test_containers",
    help: "test",
    labelNames: ["state"],
    read: () =>
      Promise.resolve([
        { labels: { state: "running" }, value: 3 },
        { labels: { state: "exited" }, value: 1 },
      ]),
  });

  it("is off without a metrics token", async () => {
    const response = await serveMetrics(registry, undefined, "Bearer anything");
    expect(response.status).toBe(404);
    expect(response.body).not.toContain("switchboard_");
  });

  it.each([[undefined], ["Bearer wrong-token"], ["Basic bWV0cmljcy10b2tlbg=="], ["metrics-token"]])(
    "refuses %s",
    async (authorization) => {
      const response = await serveMetrics(registry, "metrics-token", authorization);
      expect(response.status).toBe(401);
      expect(response.body).not.toContain("switchboard_");
    },
  );

  it("serves the Prometheus text format to the bearer of the token", async () => {
    const response = await serveMetrics(registry, "metrics-token", "Bearer metrics-token");
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/plain/);
    expect(response.body).toContain(
      'switchboard_jobs_processed_total{queue="installations",job="installation.start",outcome="completed",app="runner"} 1',
    );
    expect(response.body).toContain('switchboard_test_containers{state="running",app="runner"} 3');
    expect(response.body).toMatch(/^process_cpu_user_seconds_total\{app="runner"\} /m);
  });
});
