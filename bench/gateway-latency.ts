// tools/call through the gateway vs. straight to the same server's bridge endpoint, in one run,
// at 1 and 50 concurrent clients. Goals: added p50 <= 1 ms; throughput >= 0.8x direct.
// Run: npm run bench:gateway (needs Postgres on 127.0.0.1).
import { writeFile } from "node:fs/promises";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createPrismaClient } from "@switchboard/db";
import { recreateDatabase, seedCatalogEntry } from "@switchboard/db/testing";
import { echoTool, startGatewayHarness } from "../apps/gateway/test/support/harness.ts";
import { round, summarize } from "./support/stats.ts";

const databaseUrl = "postgresql://postgres:postgres@127.0.0.1:5432/switchboard_bench_gateway";
const CALLS_PER_CLIENT = { 1: 1_000, 50: 60 } as const;

/** Every client calls `name` `calls` times in sequence; all clients run at once. */
async function measure(clients: Client[], name: string, calls: number) {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < calls; i += 1) {
        const t = performance.now();
        const result = await client.callTool({ name, arguments: { message: `${c}-${i}` } });
        latencies.push(performance.now() - t);
        if ((result.content as { text: string }[])[0]?.text !== `bench:${c}-${i}`) throw new Error("wrong response");
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ...summarize(latencies), callsPerSecond: round(latencies.length / seconds, 0) };
}

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
    await measure(direct, "echo", Math.ceil(calls / 5)); // warm-up
    await measure(viaGateway, "bench__echo", Math.ceil(calls / 5));
    const directResult = await measure(direct, "echo", calls);
    const gatewayResult = await measure(viaGateway, "bench__echo", calls);
    rows.push({
      concurrency,
      direct: directResult,
      gateway: gatewayResult,
      addedP50Ms: round(gatewayResult.p50 - directResult.p50),
      throughputRatio: round(gatewayResult.callsPerSecond / directResult.callsPerSecond),
    });
    await Promise.all([...direct, ...viaGateway].map((client) => client.close()));
  }
  const result = { benchmark: "gateway-latency", goals: { addedP50Ms: "<= 1", throughputRatio: ">= 0.8" }, rows };
  await writeFile(new URL("results/gateway-latency.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await harness.close();
  await prisma.$disconnect();
}
