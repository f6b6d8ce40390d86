// tools/call through the gateway vs. straight to the same server's bridge endpoint, interleaved
// in rounds, at 1 and 50 concurrent clients. Goals: added p50 <= 1 ms at 1 client; throughput
// >= 0.8x direct. Run: npm run bench:gateway (needs Postgres on 127.0.0.1).
import { writeFile } from "node:fs/promises";
import { createPrismaClient } from "@switchboard/db";
import { recreateDatabase, seedCatalogEntry } from "@switchboard/db/testing";
import { echoTool, startGatewayHarness } from "@switchboard/gateway/testing";
import { benchDatabaseUrl } from "./support/bench-env.ts";
import { measureCalls } from "./support/measure-calls.ts";
import { decide, describeLoad, recordLoad, runInterleaved, spreadOfRatios, spreadOfValues } from "./support/rounds.ts";

const databaseUrl = benchDatabaseUrl("switchboard_bench_gateway");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CALLS_PER_CLIENT = { 1: Number(process.env.BENCH_CALLS_1 ?? 300), 50: Number(process.env.BENCH_CALLS_50 ?? 20) };
const { load, finish } = recordLoad();

await recreateDatabase(databaseUrl);
const prisma = createPrismaClient(databaseUrl, { maxConnections: 10 });
const harness = await startGatewayHarness(prisma, databaseUrl, { maxSessionsPerToken: 500 });
try {
  const user = await prisma.user.create({ data: { email: "bench@example.com" } });
  const entry = await seedCatalogEntry(prisma, "bench");
  const installation = await prisma.installation.create({
    data: {
      catalogEntryId: entry.id,
      scope: "PERSONAL",
      ownerUserId: user.id,
      name: "bench",
      status: "RUNNING",
      tools: [echoTool],
    },
  });
  await harness.startEchoBridge(installation.id, "bench");
  const { token } = await harness.createToken(user.id);

  const rows = [];
  for (const concurrency of [1, 50] as const) {
    const direct = await Promise.all(Array.from({ length: concurrency }, () => harness.connectDirect(installation.id)));
    const viaGateway = await Promise.all(Array.from({ length: concurrency }, () => harness.connect(token)));
    const calls = CALLS_PER_CLIENT[concurrency];
    await measureCalls(direct, "echo", Math.ceil(calls / 5), "bench"); // warm-up
    await measureCalls(viaGateway, "bench__echo", Math.ceil(calls / 5), "bench");
    const rounds = await runInterleaved(ROUNDS, {
      direct: () => measureCalls(direct, "echo", calls, "bench"),
      gateway: () => measureCalls(viaGateway, "bench__echo", calls, "bench"),
    });
    const p50 = (arm: "direct" | "gateway") => rounds[arm].map((r) => r.p50);
    const throughput = (arm: "direct" | "gateway") => rounds[arm].map((r) => r.callsPerSecond);
    const addedP50Ms = spreadOfValues(p50("gateway").map((value, i) => value - p50("direct")[i]!));
    const throughputRatio = spreadOfRatios(throughput("gateway"), throughput("direct"));
    rows.push({
      concurrency,
      callsPerClientPerRound: calls,
      direct: { p50Ms: spreadOfValues(p50("direct")), callsPerSecond: spreadOfValues(throughput("direct")) },
      gateway: { p50Ms: spreadOfValues(p50("gateway")), callsPerSecond: spreadOfValues(throughput("gateway")) },
      addedP50Ms: { ...addedP50Ms, ...(concurrency === 1 && { verdict: decide(addedP50Ms, { atMost: 1 }) }) },
      throughputRatio: { ...throughputRatio, verdict: decide(throughputRatio, { atLeast: 0.8 }) },
    });
    await Promise.all([...direct, ...viaGateway].map((client) => client.close()));
  }
  const result = {
    benchmark: "gateway-latency",
    goals: { addedP50Ms: "<= 1 at 1 client", throughputRatio: ">= 0.8" },
    roundsPerLevel: ROUNDS,
    load: finish(),
    rows,
  };
  await writeFile(new URL("results/gateway-latency.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, (key, value: unknown) => (key === "perRound" ? undefined : value), 2));
  console.log(describeLoad(load));
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await harness.close();
  await prisma.$disconnect();
}
