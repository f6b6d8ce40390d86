/**
 * Turns each benchmark's result file into rows of one table: what Switchboard did, the baseline
 * measured in the same run, their ratio, the goal and whether it was met.
 */
export interface SummaryRow {
  benchmark: string;
  command: string;
  switchboard: string;
  baseline: string;
  ratio: number;
  /** What `ratio` divides: which way is better. */
  ratioMeaning: string;
  goal: string;
  met: boolean;
}

interface Percentiles {
  p50: number;
  p95: number;
  p99?: number;
}

interface CatalogSearchResult {
  entries: number;
  search: Percentiles;
  baseline: Percentiles & { name: string };
}

interface RunnerStartResult {
  n: number;
  runner: Percentiles;
  bare: Percentiles;
  ratioP50: number;
  goal: number;
}

interface GatewayLatencyResult {
  rows: {
    concurrency: number;
    direct: Percentiles & { callsPerSecond: number };
    gateway: Percentiles & { callsPerSecond: number };
    addedP50Ms: number;
    throughputRatio: number;
  }[];
}

interface TokenRefreshResult {
  providerRefreshes: number;
  doubleRefreshes: number;
  baseline: { throughputPerSecond: number };
  burst: { credentials: number; throughputPerSecond: number; schedulingLagMs: Percentiles };
  burstThroughputRatio: number;
}

const ms = (value: number) => `${value >= 100 ? Math.round(value) : value.toFixed(1)} ms`;
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(2)} s`;
const ratioOf = (a: number, b: number) => Number((a / b).toFixed(2));

export const summarizers = {
  "catalog-search": (r: CatalogSearchResult): SummaryRow[] => [
    {
      benchmark: `Catalog search over ${r.entries.toLocaleString("en")} entries, page rendered server-side`,
      command: "npm run bench:catalog",
      switchboard: `p50 ${ms(r.search.p50)}, p95 ${ms(r.search.p95)}`,
      baseline: `${r.baseline.name}: p50 ${ms(r.baseline.p50)}, p95 ${ms(r.baseline.p95)}`,
      ratio: ratioOf(r.search.p95, r.baseline.p95),
      ratioMeaning: "p95 ÷ baseline p95",
      goal: "p95 < 100 ms",
      met: r.search.p95 < 100,
    },
  ],
  "runner-start": (r: RunnerStartResult): SummaryRow[] => [
    {
      benchmark: `Connector start: \`installation.start\` enqueued → first \`tools/list\` (N=${r.n})`,
      command: "npm run bench:runner",
      switchboard: `p50 ${seconds(r.runner.p50)}, p95 ${seconds(r.runner.p95)}`,
      baseline: `bare \`docker run\` + initialize + \`tools/list\`: p50 ${seconds(r.bare.p50)}`,
      ratio: r.ratioP50,
      ratioMeaning: "p50 ÷ baseline p50",
      goal: `≤ ${r.goal}×`,
      met: r.ratioP50 <= r.goal,
    },
  ],
  "gateway-latency": (r: GatewayLatencyResult): SummaryRow[] =>
    r.rows.map((row) => ({
      benchmark: `\`tools/call\` through the gateway, ${row.concurrency} concurrent client${row.concurrency === 1 ? "" : "s"}`,
      command: "npm run bench:gateway",
      switchboard: `p50 ${ms(row.gateway.p50)}, p99 ${ms(row.gateway.p99 ?? Number.NaN)}, ${row.gateway.callsPerSecond} calls/s`,
      baseline: `same server direct: p50 ${ms(row.direct.p50)}, p99 ${ms(row.direct.p99 ?? Number.NaN)}, ${row.direct.callsPerSecond} calls/s`,
      ratio: row.throughputRatio,
      ratioMeaning: "throughput ÷ baseline throughput",
      goal: row.concurrency === 1 ? "+p50 ≤ 1 ms, ≥ 0.8× throughput" : "≥ 0.8× throughput",
      met: row.throughputRatio >= 0.8 && (row.concurrency !== 1 || row.addedP50Ms <= 1),
    })),
  "token-refresh": (r: TokenRefreshResult): SummaryRow[] => [
    {
      benchmark: `Background refresh: ${r.burst.credentials.toLocaleString("en")} credentials due at once, 2 runners and the gateway racing`,
      command: "npm run bench:refresh",
      switchboard: `${r.burst.throughputPerSecond} refreshes/s, scheduling lag p50 ${seconds(r.burst.schedulingLagMs.p50)}; ${r.doubleRefreshes} double refreshes of ${r.providerRefreshes.toLocaleString("en")}`,
      baseline: `the same refresh called in a loop with as many lanes, no queue: ${r.baseline.throughputPerSecond} refreshes/s`,
      ratio: r.burstThroughputRatio,
      ratioMeaning: "throughput ÷ baseline throughput",
      goal: "zero double refreshes",
      met: r.doubleRefreshes === 0,
    },
  ],
} as const;

export type BenchmarkName = keyof typeof summarizers;

export function toMarkdown(rows: readonly SummaryRow[]): string {
  const escape = (cell: string) => cell.replaceAll("|", "\\|");
  const lines = [
    "| Benchmark | Switchboard | Baseline (same run) | Ratio | Goal | Met |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map((row) =>
      [
        `${row.benchmark} (\`${row.command}\`)`,
        row.switchboard,
        row.baseline,
        `${row.ratio}× (${row.ratioMeaning})`,
        row.goal,
        row.met ? "yes" : "**no**",
      ]
        .map(escape)
        .join(" | "),
    ),
  ];
  return lines.map((line) => (line.startsWith("|") ? line : `| ${line} |`)).join("\n");
}
