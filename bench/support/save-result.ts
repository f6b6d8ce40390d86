import { writeFile } from "node:fs/promises";
import { describeLoad, type MachineLoad } from "./rounds.ts";

/**
 * Writes a benchmark's result to `bench/results/<name>.json` (what the README table is built from)
 * and prints it without the per-round detail, followed by the machine's load during the run.
 */
export async function saveResult(name: string, result: { load: MachineLoad }, { print = true } = {}): Promise<void> {
  await writeFile(new URL(`../results/${name}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  if (print) console.log(JSON.stringify(result, (key, value: unknown) => (key === "perRound" ? undefined : value), 2));
  console.log(describeLoad(result.load));
}
