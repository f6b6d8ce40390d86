import {
  describeGoal,
  describeLoad,
  type MachineLoad,
  type RatioGoal,
  type RatioSpread,
  type Verdict,
} from "./rounds.ts";

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
  /** "undecidable": the per-round spread straddles the goal; `npm run bench` fails on it. "no goal": a measurement the issue asks for without a target. */
  verdict: Verdict | "no goal";
  /** The per-round spread of `ratio`, for benchmarks measured in interleaved rounds. */
  spread?: string;
  /** The machine's load during the run. */
  load?: string;
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
  searchP95Ms: RatioSpread;
  p95Ratio: RatioSpread;
  goal: { atMost: number };
  verdict: Verdict;
  load: MachineLoad;
}

interface RunnerStartResult {
  n: number;
  runner: Percentiles;
  bare: Percentiles;
  perRoundRatio: RatioSpread;
  ratioP50: number;
  ratioP95: number;
  goal: number;
  goalP95: number;
  verdict: Verdict;
  load: MachineLoad;
}

interface GatewayLatencyResult {
  load: MachineLoad;
  rows: {
    concurrency: number;
    direct: { p50Ms: RatioSpread; callsPerSecond: RatioSpread };
    /** Per client generation, e.g. "gateway 2026-07-28". */
    viaGateway: Record<
      string,
      { p50Ms: RatioSpread; callsPerSecond: RatioSpread; addedP50Ms: Judged; throughputRatio: Judged }
    >;
  }[];
}

interface TokenRefreshResult {
  providerRefreshes: number;
  doubleRefreshes: number;
  baseline: { throughputPerSecond: number };
  burst: { credentials: number; throughputPerSecond: number; schedulingLagMs: Percentiles };
  burstThroughputRatio: number;
}

type Judged = RatioSpread & { goal: RatioGoal; verdict: Verdict };

interface CallsSpread {
  p50Ms: RatioSpread;
  addedP50Ms?: RatioSpread;
  callsPerSecond: RatioSpread;
  /** For a hop that is one process: the CPU time it spent per call. */
  cpuMicrosPerCall?: RatioSpread;
}

interface GatewayVsPeersResult {
  roundsPerLevel: number;
  load: MachineLoad;
  peers: { supergateway: string };
  levels: {
    concurrency: number;
    arms: Record<"direct" | "haproxy" | "nodeHop" | "gateway" | "supergateway", CallsSpread>;
    gatewayVsHaproxy: { addedP50: Judged; throughput: Judged; cpuPerCall: RatioSpread };
    gatewayVsNodeHop: { addedP50: RatioSpread; throughput: RatioSpread; cpuPerCall: RatioSpread };
    gatewayVsSupergateway: { p50: Judged; throughput: Judged };
  }[];
}

interface GatewayMemoryResult {
  sessionsPerRound: number;
  perSessionKiB: RatioSpread;
  perThousandSessionsMiB: number;
  goal: { atMost: number };
  verdict: Verdict;
  load: MachineLoad;
}

interface RunnerMemoryResult {
  connectors: number;
  perConnectorKiB: RatioSpread;
  livePerConnectorKiB: RatioSpread;
  perHundredMiB: number;
  load: MachineLoad;
}

interface RunnerReconcileResult {
  connectors: number;
  passMs: RatioSpread;
  planMs: RatioSpread;
  goal: { atMost: number };
  verdict: Verdict;
  load: MachineLoad;
}

const goalText = (goal: RatioGoal) => ("atMost" in goal ? `≤ ${goal.atMost}` : `≥ ${goal.atLeast}`);
const iqr = (spread: RatioSpread) =>
  `IQR ${spread.q1}–${spread.q3}, min–max ${spread.min}–${spread.max} over ${spread.perRound.length} rounds`;
/** Both verdicts must hold; either undecidable makes the pair undecidable unless the other fails. */
const both = (a: Verdict, b: Verdict): Verdict =>
  a === "not met" || b === "not met" ? "not met" : a === "met" && b === "met" ? "met" : "undecidable";

const signedMs = (value: number | undefined) =>
  `${(value ?? Number.NaN) < 0 ? "−" : "+"}${Math.abs(value ?? Number.NaN).toFixed(2)} ms`;
const ms = (value: number) => `${value >= 100 ? Math.round(value) : value.toFixed(1)} ms`;
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(2)} s`;

export const summarizers = {
  "catalog-search": (r: CatalogSearchResult): SummaryRow[] => [
    {
      benchmark: `Catalog search over ${r.entries.toLocaleString("en")} entries, page rendered server-side`,
      command: "npm run bench:catalog",
      switchboard: `p50 ${ms(r.search.p50)}, p95 ${ms(r.searchP95Ms.median)} (median of rounds' p95)`,
      baseline: `${r.baseline.name}: p50 ${ms(r.baseline.p50)}, p95 ${ms(r.baseline.p95)}`,
      ratio: r.p95Ratio.median,
      ratioMeaning: "p95 ÷ baseline p95",
      spread: `search p95 ${iqr(r.searchP95Ms)} ms`,
      goal: `p95 < ${r.goal.atMost} ms`,
      verdict: r.verdict,
      load: describeLoad(r.load),
    },
  ],
  "runner-start": (r: RunnerStartResult): SummaryRow[] => [
    {
      benchmark: `Connector start: \`installation.start\` enqueued → first \`tools/list\` (${r.n} rounds)`,
      command: "npm run bench:runner",
      switchboard: `p50 ${seconds(r.runner.p50)}, p95 ${seconds(r.runner.p95)}`,
      baseline: `bare \`docker run\` with the runner's create options (hardening, limits, MCP network) + initialize + \`tools/list\`: p50 ${seconds(r.bare.p50)}, p95 ${seconds(r.bare.p95)}`,
      ratio: r.ratioP50,
      ratioMeaning: `per-round start ÷ bare start; p95 ÷ bare p95 ${r.ratioP95}×`,
      spread: iqr(r.perRoundRatio),
      goal: `≤ ${r.goal}× (p95 ≤ ${r.goalP95}×)`,
      verdict: both(r.verdict, r.ratioP95 <= r.goalP95 ? "met" : "not met"),
      load: describeLoad(r.load),
    },
  ],
  "gateway-latency": (r: GatewayLatencyResult): SummaryRow[] =>
    r.rows.flatMap((row) =>
      Object.entries(row.viaGateway).map(([arm, via]) => ({
        benchmark: `\`tools/call\` through the ${arm.replace("gateway ", "gateway, a ")} client, ${row.concurrency} concurrent client${row.concurrency === 1 ? "" : "s"}`,
        command: "npm run bench:gateway",
        switchboard: `p50 ${ms(via.p50Ms.median)} (${signedMs(via.addedP50Ms.median)}), ${via.callsPerSecond.median} calls/s`,
        baseline: `same server's bridge, direct: p50 ${ms(row.direct.p50Ms.median)}, ${row.direct.callsPerSecond.median} calls/s`,
        ratio: via.throughputRatio.median,
        ratioMeaning: "throughput ÷ baseline throughput",
        spread: iqr(via.throughputRatio),
        goal: `+p50 ${describeGoal(via.addedP50Ms.goal)} ms, throughput ${describeGoal(via.throughputRatio.goal)}×`,
        verdict: both(via.addedP50Ms.verdict, via.throughputRatio.verdict),
        load: describeLoad(r.load),
      })),
    ),
  "token-refresh": (r: TokenRefreshResult): SummaryRow[] => [
    {
      benchmark: `Background refresh: ${r.burst.credentials.toLocaleString("en")} credentials due at once, 2 runners and the gateway racing`,
      command: "npm run bench:refresh",
      switchboard: `${r.burst.throughputPerSecond} refreshes/s, scheduling lag p50 ${seconds(r.burst.schedulingLagMs.p50)}; ${r.doubleRefreshes} double refreshes of ${r.providerRefreshes.toLocaleString("en")}`,
      baseline: `the same refresh called in a loop with as many lanes, no queue: ${r.baseline.throughputPerSecond} refreshes/s`,
      ratio: r.burstThroughputRatio,
      ratioMeaning: "throughput ÷ baseline throughput",
      goal: "zero double refreshes",
      verdict: r.doubleRefreshes === 0 ? "met" : "not met",
    },
  ],
  "gateway-vs-peers": (r: GatewayVsPeersResult): SummaryRow[] =>
    r.levels.flatMap((level) => {
      const clients = `${level.concurrency} client${level.concurrency === 1 ? "" : "s"}`;
      const arm = (name: keyof typeof level.arms) => {
        const { p50Ms, callsPerSecond, cpuMicrosPerCall } = level.arms[name];
        const cpu = cpuMicrosPerCall ? `, ${Math.round(cpuMicrosPerCall.median)} µs CPU per call` : "";
        return `p50 ${ms(p50Ms.median)}, ${callsPerSecond.median} calls/s${cpu}`;
      };
      const { addedP50, throughput } = level.gatewayVsHaproxy;
      const floor = level.gatewayVsNodeHop;
      const peer = level.gatewayVsSupergateway;
      const common = { command: "npm run bench -- gateway-vs-peers", load: describeLoad(r.load) };
      return [
        {
          ...common,
          benchmark: `Remote Streamable HTTP server, ${clients}: gateway vs a plain HAProxy hop (direct: ${arm("direct")})`,
          switchboard: `${arm("gateway")}, ${signedMs(level.arms.gateway.addedP50Ms?.median)} over direct`,
          baseline: `HAProxy: ${arm("haproxy")}, ${signedMs(level.arms.haproxy.addedP50Ms?.median)} over direct`,
          ratio: addedP50.median,
          ratioMeaning: `added p50 ÷ HAProxy's; throughput ${throughput.median}× HAProxy's (${iqr(throughput)})`,
          spread: iqr(addedP50),
          goal: `added p50 ${goalText(addedP50.goal)}×, throughput ${goalText(throughput.goal)}×`,
          verdict: both(addedP50.verdict, throughput.verdict),
        },
        {
          ...common,
          benchmark: `Remote Streamable HTTP server, ${clients}: gateway vs the least a Node.js proxy does (node:http in, undici out, bytes passed through unparsed)`,
          switchboard: `${arm("gateway")}, ${signedMs(level.arms.gateway.addedP50Ms?.median)} over direct`,
          baseline: `Node.js hop: ${arm("nodeHop")}, ${signedMs(level.arms.nodeHop.addedP50Ms?.median)} over direct`,
          ratio: floor.cpuPerCall.median,
          ratioMeaning: `CPU per call ÷ the Node.js hop's; added p50 ${floor.addedP50.median}×, throughput ${floor.throughput.median}× the hop's`,
          spread: iqr(floor.cpuPerCall),
          goal: "none: the floor for a gateway written in Node.js",
          verdict: "no goal",
        },
        {
          ...common,
          benchmark: `Remote Streamable HTTP server, ${clients}: gateway vs supergateway ${r.peers.supergateway}`,
          switchboard: arm("gateway"),
          baseline: `supergateway: ${arm("supergateway")}`,
          ratio: peer.p50.median,
          ratioMeaning: `p50 ÷ peer p50; throughput ${peer.throughput.median}× the peer's (${iqr(peer.throughput)})`,
          spread: iqr(peer.p50),
          goal: "ahead on p50 and throughput",
          verdict: both(peer.p50.verdict, peer.throughput.verdict),
        },
      ];
    }),
  "gateway-memory": (r: GatewayMemoryResult): SummaryRow[] => [
    {
      benchmark: `Gateway memory per idle session (rounds of ${r.sessionsPerRound.toLocaleString("en")} sessions)`,
      command: "npm run bench -- gateway-memory",
      switchboard: `${r.perSessionKiB.median} KiB per session (${r.perThousandSessionsMiB} MiB per 1,000)`,
      baseline: "RSS before the round's sessions opened",
      ratio: r.perSessionKiB.median,
      ratioMeaning: "KiB of RSS per session",
      spread: iqr(r.perSessionKiB),
      goal: `≤ ${r.goal.atMost} KiB`,
      verdict: r.verdict,
      load: describeLoad(r.load),
    },
  ],
  "runner-memory": (r: RunnerMemoryResult): SummaryRow[] => [
    {
      benchmark: `Runner memory per running connector (rounds of ${r.connectors} idle stdio connectors)`,
      command: "npm run bench -- runner-memory",
      // RSS moves by tens of MiB on its own (pages freed after start-up go back late), more than 100
      // connectors add, so the live heap and buffers carry the ratio; RSS is shown beside it.
      switchboard: `${r.livePerConnectorKiB.median} KiB of live heap and buffers per connector (${((r.livePerConnectorKiB.median * 100) / 1024).toFixed(1)} MiB per 100); RSS ${r.perConnectorKiB.median} KiB per connector`,
      baseline: "the runner's memory before the round's connectors started",
      ratio: r.livePerConnectorKiB.median,
      ratioMeaning: "KiB of live heap and buffers per running connector",
      spread: iqr(r.livePerConnectorKiB),
      goal: "none set (issue 17 asks for the number)",
      verdict: "no goal",
      load: describeLoad(r.load),
    },
  ],
  "runner-reconcile": (r: RunnerReconcileResult): SummaryRow[] => [
    {
      benchmark: `Runner reconcile pass over ${r.connectors.toLocaleString("en")} connectors`,
      command: "npm run bench -- runner-reconcile",
      switchboard: `pass p50 ${ms(r.passMs.median)} (plan alone ${ms(r.planMs.median)})`,
      baseline: "absolute goal",
      ratio: Number((r.passMs.median / r.goal.atMost).toFixed(3)),
      ratioMeaning: "pass time ÷ goal",
      spread: iqr(r.passMs),
      goal: `< ${seconds(r.goal.atMost)}`,
      verdict: r.verdict,
      load: describeLoad(r.load),
    },
  ],
} as const;

export type BenchmarkName = keyof typeof summarizers;

export function toMarkdown(rows: readonly SummaryRow[]): string {
  const escape = (cell: string) => cell.replaceAll("|", "\\|");
  const lines = [
    "| Benchmark | Switchboard | Baseline (same run) | Ratio (median of rounds) | Goal | Met |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map((row) =>
      [
        `${row.benchmark} (\`${row.command}\`)`,
        row.switchboard,
        row.baseline,
        `${row.ratio}× (${row.ratioMeaning})${row.spread ? `; ${row.spread}` : ""}${row.load ? `; ${row.load}` : ""}`,
        row.goal,
        { met: "yes", "not met": "**no**", undecidable: "**undecidable**", "no goal": "—" }[row.verdict],
      ]
        .map(escape)
        .join(" | "),
    ),
  ];
  return lines.map((line) => (line.startsWith("|") ? line : `| ${line} |`)).join("\n");
}
