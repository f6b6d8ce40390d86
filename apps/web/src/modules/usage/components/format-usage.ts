/** A duration as people read it: milliseconds under a second, seconds with one decimal above. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A time in UTC to the minute, the same on the server and in every browser. */
export function formatUsageTime(value: Date): string {
  return `${value.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Failures with the share of calls they are, e.g. "3 (12%)". */
export function formatFailures(failures: number, calls: number): string {
  return calls === 0 || failures === 0 ? String(failures) : `${failures} (${Math.round((failures / calls) * 100)}%)`;
}
