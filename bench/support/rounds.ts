/**
 * Interleaved rounds for every benchmark: each round measures every arm once (A, B, … then …, B, A
 * in the next round, so neither profits from going first), each round gives one ratio per
 * comparison, and the result is the median ratio with its spread. A goal is decided only when the
 * middle half of the per-round ratios (the IQR) lies on one side of it; otherwise it is
 * "undecidable" and `npm run bench` fails, since one lucky round must not pass (or fail) a goal.
 */
import { availableParallelism, loadavg } from "node:os";
import { round } from "./stats.ts";

/** Runs every arm once per round, alternating the order; returns each arm's per-round results. */
export async function runInterleaved<Arm extends string, T>(
  rounds: number,
  arms: Record<Arm, () => Promise<T>>,
): Promise<Record<Arm, T[]>> {
  const names = Object.keys(arms) as Arm[];
  const results = Object.fromEntries(names.map((name) => [name, [] as T[]])) as Record<Arm, T[]>;
  for (let i = 0; i < rounds; i += 1) {
    for (const name of i % 2 === 0 ? names : [...names].reverse()) results[name].push(await arms[name]());
  }
  return results;
}

export type Verdict = "met" | "not met" | "undecidable";

/** The ratio must be at most (latency, memory) or at least (throughput) the goal's value. */
export type RatioGoal = { atMost: number } | { atLeast: number };

export interface RatioSpread {
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  perRound: number[];
}

/**
 * Median, min–max and IQR of per-round ratios product[i] / baseline[i]. A baseline that is itself
 * a difference (added latency) can measure at or below zero in a noisy round; `baselineFloor`
 * keeps such a round from turning the ratio negative (it counts as a tiny baseline instead).
 */
export function spreadOfRatios(
  product: readonly number[],
  baseline: readonly number[],
  { baselineFloor = Number.NEGATIVE_INFINITY } = {},
): RatioSpread {
  if (product.length === 0 || product.length !== baseline.length)
    throw new Error(`ratios need as many product rounds as baseline rounds (${product.length} vs ${baseline.length})`);
  const perRound = product.map((value, i) => value / Math.max(baseline[i]!, baselineFloor));
  const sorted = [...perRound].sort((a, b) => a - b);
  return {
    median: round(quantile(sorted, 0.5), 3),
    min: round(sorted[0]!, 3),
    max: round(sorted.at(-1)!, 3),
    q1: round(quantile(sorted, 0.25), 3),
    q3: round(quantile(sorted, 0.75), 3),
    perRound: perRound.map((ratio) => round(ratio, 3)),
  };
}

/** Median of plain per-round values (not ratios), with the same spread fields. */
export function spreadOfValues(values: readonly number[]): RatioSpread {
  return spreadOfRatios(
    values,
    values.map(() => 1),
  );
}

/** Met when the whole IQR is on the goal's side, not met when it is wholly on the other side. */
export function decide(spread: RatioSpread, goal: RatioGoal): Verdict {
  const ok = (value: number) => ("atMost" in goal ? value <= goal.atMost : value >= goal.atLeast);
  if (ok(spread.q1) && ok(spread.q3)) return "met";
  if (!ok(spread.q1) && !ok(spread.q3)) return "not met";
  return "undecidable";
}

export function describeGoal(goal: RatioGoal): string {
  return "atMost" in goal ? `≤ ${goal.atMost}` : `≥ ${goal.atLeast}`;
}

export function describeSpread(spread: RatioSpread): string {
  return `${spread.median} (IQR ${spread.q1}–${spread.q3}, min–max ${spread.min}–${spread.max}, ${spread.perRound.length} rounds)`;
}

export interface MachineLoad {
  nproc: number;
  loadAtStart: number[];
  loadAtEnd?: number[];
}

/** The machine's load when a benchmark starts; call `finish` at its end. Numbers under load > nproc are noisy. */
export function recordLoad(): { load: MachineLoad; finish(): MachineLoad } {
  const load: MachineLoad = { nproc: availableParallelism(), loadAtStart: loadavg().map((l) => round(l)) };
  return {
    load,
    finish: () => Object.assign(load, { loadAtEnd: loadavg().map((l) => round(l)) }),
  };
}

export function describeLoad(load: MachineLoad): string {
  const busy = Math.max(load.loadAtStart[0]!, load.loadAtEnd?.[0] ?? 0) > load.nproc;
  return `load ${load.loadAtStart[0]} → ${load.loadAtEnd?.[0] ?? "?"} on ${load.nproc} cores${busy ? " (loaded machine: noisy)" : ""}`;
}

/** Linear interpolation between closest ranks of an already sorted list. */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}
