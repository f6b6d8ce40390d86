// One remote Streamable HTTP echo server (the SDK's, on 127.0.0.1) reached five ways in the same
// interleaved rounds: direct; through a plain HAProxy hop (the limit of any proxy); through the
// least a Node.js proxy does (the floor for a gateway written in Node); through Switchboard's
// gateway (a remote connector); through supergateway (a peer from npm). At 1 and 50 clients:
// added p50 over direct, throughput and each single-process hop's CPU time per call, as per-round
// values and ratios with their spread. The upstream, each hop and the load generator run in
// processes of their own, as deployed.
// Goals (issue 17): the gateway's added p50 <= 1.5x HAProxy's, its throughput >= 0.8x HAProxy's,
// and ahead of the peer on p50 and throughput. Run: npm run bench:peers (needs Postgres, haproxy).
import { writeFile } from "node:fs/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createPrismaClient } from "@switchboard/db";
import { recreateDatabase, seedCatalogEntry } from "@switchboard/db/testing";
import { createGatewayToken, echoTool, internalToken, startGatewayProcess } from "@switchboard/gateway/testing";
import { benchCallsPerClient, benchDatabaseUrl } from "./support/bench-env.ts";
import { measureCalls, type CallsMeasurement } from "./support/measure-calls.ts";
import { processCpuMicros } from "./support/process-cpu.ts";
import { startHaproxyHop, startNodeHop, startSupergateway, SUPERGATEWAY_VERSION } from "./support/proxies.ts";
import { startRemoteEchoProcess } from "./support/remote-echo-server.ts";
import {
  decide,
  describeGoal,
  describeLoad,
  describeSpread,
  recordLoad,
  runInterleaved,
  spreadOfRatios,
  spreadOfValues,
  type RatioGoal,
} from "./support/rounds.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** One arm's round: its calls and, for a hop that is one process, the CPU time it spent per call. */
type ArmRound = CallsMeasurement & { cpuMicrosPerCall?: number };
const LABEL = "peers";
/** HAProxy's added p50 below this (or below direct, in a noisy round) counts as this much. */
const ADDED_P50_FLOOR_MS = 0.05;
const databaseUrl = benchDatabaseUrl("switchboard_bench_peers");

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

const { load, finish } = recordLoad();
const upstream = await startRemoteEchoProcess(LABEL);
const upstreamUrl = `${upstream.url}/mcp`;
const haproxy = await startHaproxyHop(upstreamUrl);
const nodeHop = await startNodeHop(upstreamUrl);
const supergateway = await startSupergateway(upstreamUrl);
await recreateDatabase(databaseUrl);
const prisma = createPrismaClient(databaseUrl, { maxConnections: 10 });
const gateway = await startGatewayProcess({
  DATABASE_URL: databaseUrl,
  SWITCHBOARD_ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 7).toString("base64")}`,
  RUNNER_INTERNAL_TOKEN: internalToken,
  GATEWAY_MAX_SESSIONS_PER_TOKEN: "500",
  SWITCHBOARD_ALLOW_INSECURE_HTTP: "true",
  SWITCHBOARD_ALLOWED_DESTINATIONS: "127.0.0.1",
  LOG_LEVEL: "warn",
  PATH: process.env.PATH ?? "",
});
try {
  const user = await prisma.user.create({ data: { email: "bench@example.com" } });
  const row = await seedCatalogEntry(prisma, "remote-echo", {
    type: "remote",
    url: upstreamUrl,
    transport: "streamable-http",
  });
  await prisma.connector.create({
    data: {
      catalogEntryId: row.id,
      scope: "PERSONAL",
      ownerUserId: user.id,
      name: "remote",
      status: "RUNNING",
      tools: [echoTool],
    },
  });
  const { token } = await createGatewayToken(prisma, user.id, "peers");

  const arms = {
    direct: { url: upstreamUrl, tool: "echo", headers: {}, pid: undefined },
    haproxy: { url: haproxy.url, tool: "echo", headers: {}, pid: haproxy.pid },
    nodeHop: { url: nodeHop.url, tool: "echo", headers: {}, pid: nodeHop.pid },
    gateway: {
      url: `${gateway.url}/mcp`,
      tool: "remote__echo",
      headers: { authorization: `Bearer ${token}` },
      pid: gateway.pid(),
    },
    supergateway: { url: supergateway.url, tool: "echo", headers: {}, pid: undefined },
  };
  type Arm = keyof typeof arms;
  const names = Object.keys(arms) as Arm[];

  const levels = [];
  for (const concurrency of [1, 50] as const) {
    const calls = benchCallsPerClient[concurrency];
    const clients = Object.fromEntries(
      await Promise.all(
        names.map(async (name) => {
          // supergateway starts a child process per session: its 50 sessions take a while to open.
          const connected: Client[] = [];
          while (connected.length < concurrency) {
            const batch = Math.min(5, concurrency - connected.length);
            const opened = await Promise.all(
              Array.from({ length: batch }, () => connect(arms[name].url, arms[name].headers)),
            ).catch((error: unknown) => {
              throw new Error(`connecting to ${name} failed`, { cause: error });
            });
            connected.push(...opened);
          }
          return [name, connected] as const;
        }),
      ),
    ) as Record<Arm, Client[]>;
    console.log(`[bench] ${concurrency} client(s) connected on every path`);
    const run = (name: Arm) => async (): Promise<ArmRound> => {
      const { pid } = arms[name];
      const cpuBefore = pid === undefined ? 0 : processCpuMicros(pid);
      const measured = await measureCalls(clients[name], arms[name].tool, calls, LABEL);
      if (pid === undefined) return measured;
      const cpuMicrosPerCall = Math.round((processCpuMicros(pid) - cpuBefore) / (calls * concurrency));
      return { ...measured, cpuMicrosPerCall };
    };
    for (const name of names) await measureCalls(clients[name], arms[name].tool, Math.ceil(calls / 5), LABEL); // warm-up
    const rounds = await runInterleaved(
      ROUNDS,
      Object.fromEntries(names.map((name) => [name, run(name)])) as Record<Arm, () => Promise<ArmRound>>,
    );
    const p50 = (name: Arm) => rounds[name].map((r) => r.p50);
    const throughput = (name: Arm) => rounds[name].map((r) => r.callsPerSecond);
    const added = (name: Arm) => p50(name).map((value, i) => value - p50("direct")[i]!);
    const cpu = (name: Arm) => rounds[name].map((r) => r.cpuMicrosPerCall ?? Number.NaN);
    const compare = (product: number[], baseline: number[]) =>
      spreadOfRatios(product, baseline, { baselineFloor: ADDED_P50_FLOOR_MS });
    const judge = (product: number[], baseline: number[], goal: RatioGoal) => {
      const spread = compare(product, baseline);
      return { ...spread, goal, verdict: decide(spread, goal) };
    };
    levels.push({
      concurrency,
      callsPerClientPerRound: calls,
      arms: Object.fromEntries(
        names.map((name) => [
          name,
          {
            p50Ms: spreadOfValues(p50(name)),
            addedP50Ms: name === "direct" ? undefined : spreadOfValues(added(name)),
            callsPerSecond: spreadOfValues(throughput(name)),
            cpuMicrosPerCall: arms[name].pid === undefined ? undefined : spreadOfValues(cpu(name)),
            rounds: rounds[name],
          },
        ]),
      ),
      gatewayVsHaproxy: {
        addedP50: judge(added("gateway"), added("haproxy"), { atMost: 1.5 }),
        throughput: judge(throughput("gateway"), throughput("haproxy"), { atLeast: 0.8 }),
        cpuPerCall: compare(cpu("gateway"), cpu("haproxy")),
      },
      // No goal: how much of the gateway's cost is Node's HTTP on both legs, how much its own work.
      gatewayVsNodeHop: {
        addedP50: compare(added("gateway"), added("nodeHop")),
        throughput: compare(throughput("gateway"), throughput("nodeHop")),
        cpuPerCall: compare(cpu("gateway"), cpu("nodeHop")),
      },
      gatewayVsSupergateway: {
        p50: judge(p50("gateway"), p50("supergateway"), { atMost: 1 }),
        throughput: judge(throughput("gateway"), throughput("supergateway"), { atLeast: 1 }),
      },
      vsDirect: Object.fromEntries(
        names
          .filter((name) => name !== "direct")
          .map((name) => [
            name,
            { p50: compare(p50(name), p50("direct")), throughput: compare(throughput(name), throughput("direct")) },
          ]),
      ),
    });
    await Promise.all(Object.values(clients).flatMap((list) => list.map((client) => client.close())));
  }
  const result = {
    benchmark: "gateway-vs-peers",
    peers: { supergateway: SUPERGATEWAY_VERSION },
    roundsPerLevel: ROUNDS,
    load: finish(),
    levels,
  };
  await writeFile(new URL("results/gateway-vs-peers.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  for (const level of levels) {
    console.log(`\n${level.concurrency} client(s), median of ${ROUNDS} rounds:`);
    for (const [name, arm] of Object.entries(level.arms)) {
      const cpuPerCall = arm.cpuMicrosPerCall ? `, ${arm.cpuMicrosPerCall.median} µs CPU per call` : "";
      console.log(`  ${name}: p50 ${arm.p50Ms.median} ms, ${arm.callsPerSecond.median} calls/s${cpuPerCall}`);
    }
    const { addedP50, throughput } = level.gatewayVsHaproxy;
    console.log(`  gateway ÷ HAProxy added p50: ${describeSpread(addedP50)} goal ${describeGoal(addedP50.goal)}: ${addedP50.verdict}`); // prettier-ignore
    console.log(`  gateway ÷ HAProxy throughput: ${describeSpread(throughput)} goal ${describeGoal(throughput.goal)}: ${throughput.verdict}`); // prettier-ignore
  }
  console.log(describeLoad(load));
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await gateway.stop();
  await prisma.$disconnect();
  await haproxy.stop();
  await nodeHop.stop();
  await supergateway.stop();
  upstream.close();
}
