import { readFileSync } from "node:fs";

/** Linux counts a process's CPU time in these ticks (USER_HZ, 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** CPU time (user and system, every thread) a running process has spent, in microseconds. */
export function processCpuMicros(pid: number): number {
  // Fields after the command name, which is parenthesised and may itself contain spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return ((utime + stime) * 1_000_000) / TICKS_PER_SECOND;
}
