import { percentile, round } from "./stats.ts";

/** An MCP client of either SDK generation: all a measurement needs of it. */
export interface ToolCaller {
  callTool(params: { name: string; arguments?: Record<string, unknown> }): Promise<object>;
}

export interface CallsMeasurement {
  p50: number;
  p99: number;
  callsPerSecond: number;
}

/**
 * Every client calls the echo tool `name` `calls` times in sequence, all clients at once; each
 * answer is checked against its own message (`<label>:<message>`) so a crossed answer fails the run.
 */
export async function measureCalls(
  clients: readonly ToolCaller[],
  name: string,
  calls: number,
  label: string,
): Promise<CallsMeasurement> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < calls; i += 1) {
        const t = performance.now();
        const result = await client.callTool({ name, arguments: { message: `${c}-${i}` } });
        latencies.push(performance.now() - t);
        const text = ((result as { content?: { text?: string }[] }).content ?? [])[0]?.text;
        if (text !== `${label}:${c}-${i}`) throw new Error(`${name}: expected ${label}:${c}-${i}, got ${text}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    p50: round(percentile(latencies, 50), 3),
    p99: round(percentile(latencies, 99), 3),
    callsPerSecond: round(latencies.length / seconds, 0),
  };
}
