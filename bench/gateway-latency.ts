// tools/call through the gateway vs. straight to the same server's bridge endpoint (the runner's
// side), interleaved in rounds, at 1 and 50 concurrent clients, for a session client (2025-11-25)
// and a stateless one (2026-07-28). The bridge endpoint, the gateway and this load generator each
// run in a process of their own, as deployed. Goals (issues 14 and 17): added p50 <= 0.5 ms;
// throughput >= 0.8x direct at 1 client and >= 0.9x at 50. Run: npm run bench:gateway (needs Postgres).
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createPrismaClient } from "@switchboard/db";
import { recreateDatabase, seedCatalogEntry } from "@switchboard/db/testing";
import { createGatewayToken, echoTool, internalToken, startGatewayProcess } from "@switchboard/gateway/testing";
import { benchCallsPerClient, benchDatabaseUrl } from "./support/bench-env.ts";
import { measureCalls, type CallsMeasurement, type ToolCaller } from "./support/measure-calls.ts";
import { startReadyProcess } from "./support/ready-process.ts";
import {
  decide,
  recordLoad,
  runInterleaved,
  spreadOfRatios,
  spreadOfValues,
  type RatioGoal,
} from "./support/rounds.ts";
import { saveResult } from "./support/save-result.ts";

const databaseUrl = benchDatabaseUrl("switchboard_bench_gateway");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const GOALS = {
  addedP50Ms: { atMost: 0.5 },
  throughput: { 1: { atLeast: 0.8 }, 50: { atLeast: 0.9 } },
} satisfies { addedP50Ms: RatioGoal; throughput: Record<1 | 50, RatioGoal> };
const LABEL = "bench";
const { finish } = recordLoad();

async function connectSessionClient(url: string, authorization: string): Promise<ToolCaller> {
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization } } }),
  );
  return client;
}

async function connectStatelessClient(url: string, authorization: string): Promise<ToolCaller> {
  const client = new ModernClient({ name: "bench", version: "1.0.0" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } }); // prettier-ignore
  await client.connect(new ModernTransport(new URL(url), { requestInit: { headers: { authorization } } }));
  return client as unknown as ToolCaller;
}

await recreateDatabase(databaseUrl);
const prisma = createPrismaClient(databaseUrl, { maxConnections: 4 });
const bridge = await startReadyProcess(new URL("support/echo-bridge-process.ts", import.meta.url), [LABEL]);
const gateway = await startGatewayProcess({
  DATABASE_URL: databaseUrl,
  SWITCHBOARD_ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 7).toString("base64")}`,
  RUNNER_URL: bridge.url,
  RUNNER_INTERNAL_TOKEN: internalToken,
  GATEWAY_MAX_SESSIONS_PER_TOKEN: "500",
  LOG_LEVEL: "warn",
  PATH: process.env.PATH ?? "",
});
try {
  const user = await prisma.user.create({ data: { email: "bench@example.com" } });
  const entry = await seedCatalogEntry(prisma, "bench");
  const connector = await prisma.connector.create({
    data: { catalogEntryId: entry.id, scope: "PERSONAL", ownerUserId: user.id, name: "bench", status: "RUNNING", tools: [echoTool] }, // prettier-ignore
  });
  const { token } = await createGatewayToken(prisma, user.id, "bench");
  const arms = {
    direct: {
      tool: "echo",
      connect: () => connectSessionClient(`${bridge.url}/bridge/${connector.id}/mcp`, `Bearer ${internalToken}`),
    },
    "gateway 2025-11-25": {
      tool: "bench__echo",
      connect: () => connectSessionClient(`${gateway.url}/mcp`, `Bearer ${token}`),
    },
    "gateway 2026-07-28": {
      tool: "bench__echo",
      connect: () => connectStatelessClient(`${gateway.url}/mcp`, `Bearer ${token}`),
    },
  };
  type Arm = keyof typeof arms;
  const names = Object.keys(arms) as Arm[];

  const rows = [];
  for (const concurrency of [1, 50] as const) {
    const calls = benchCallsPerClient[concurrency];
    const clients = {} as Record<Arm, ToolCaller[]>;
    for (const name of names) {
      clients[name] = await Promise.all(Array.from({ length: concurrency }, () => arms[name].connect()));
      await measureCalls(clients[name], arms[name].tool, Math.ceil(calls / 5), LABEL); // warm-up
    }
    const rounds = await runInterleaved(
      ROUNDS,
      Object.fromEntries(
        names.map((name) => [name, () => measureCalls(clients[name], arms[name].tool, calls, LABEL)]),
      ) as Record<Arm, () => Promise<CallsMeasurement>>,
    );
    const p50 = (name: Arm) => rounds[name].map((r) => r.p50);
    const throughput = (name: Arm) => rounds[name].map((r) => r.callsPerSecond);
    const viaGateway = names.filter((name) => name !== "direct");
    rows.push({
      concurrency,
      callsPerClientPerRound: calls,
      direct: { p50Ms: spreadOfValues(p50("direct")), callsPerSecond: spreadOfValues(throughput("direct")) },
      viaGateway: Object.fromEntries(
        viaGateway.map((name) => {
          const addedP50Ms = spreadOfValues(p50(name).map((value, i) => value - p50("direct")[i]!));
          const throughputRatio = spreadOfRatios(throughput(name), throughput("direct"));
          return [
            name,
            {
              p50Ms: spreadOfValues(p50(name)),
              callsPerSecond: spreadOfValues(throughput(name)),
              addedP50Ms: { ...addedP50Ms, goal: GOALS.addedP50Ms, verdict: decide(addedP50Ms, GOALS.addedP50Ms) },
              throughputRatio: {
                ...throughputRatio,
                goal: GOALS.throughput[concurrency],
                verdict: decide(throughputRatio, GOALS.throughput[concurrency]),
              },
            },
          ];
        }),
      ),
    });
    await Promise.all(
      Object.values(clients).flatMap((list) => list.map((client) => (client as unknown as Client).close())),
    );
  }
  const result = { benchmark: "gateway-latency", goals: GOALS, roundsPerLevel: ROUNDS, load: finish(), rows };
  await saveResult("gateway-latency", result);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await gateway.stop();
  bridge.close();
  await prisma.$disconnect();
}
