// Gateway memory per idle session: the gateway as operators run it (a child process), sessions
// opened in rounds of 1,000 (initialize + initialized, then left idle), its RSS read from /proc
// after each round settles. Per round: (RSS after − RSS before) / 1,000, median with spread.
// Goal (issue 17): <= 50 KiB per idle session. Run: npm run bench:memory (needs Postgres).
import { readFile } from "node:fs/promises";
import { createPrismaClient } from "@switchboard/db";
import { recreateDatabase, seedCatalogEntry } from "@switchboard/db/testing";
import { echoTool } from "@switchboard/gateway/testing";
import { createGatewayToken, internalToken } from "@switchboard/gateway/testing";
import { startGatewayProcess } from "@switchboard/gateway/testing";
import { benchDatabaseUrl } from "./support/bench-env.ts";
import { decide, recordLoad, spreadOfValues } from "./support/rounds.ts";
import { round } from "./support/stats.ts";
import { saveResult } from "./support/save-result.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SESSIONS_PER_ROUND = 1_000;
const PARALLEL_OPENS = 20;
const WARM_UP_SESSIONS = 50;
const GOAL_KIB = 50;
const databaseUrl = benchDatabaseUrl("switchboard_bench_memory");

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

/** Lets the gateway finish what the opens started and its heap settle before RSS is read. */
async function settledRss(pid: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return rssKiB(pid);
}

async function openSession(url: string, token: string): Promise<void> {
  const headers = {
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
  };
  const initialize = await fetch(`${url}/mcp`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } },
    }),
  });
  await initialize.text();
  const sessionId = initialize.headers.get("mcp-session-id");
  if (!initialize.ok || !sessionId) throw new Error(`initialize answered ${initialize.status} without a session`);
  const initialized = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: { ...headers, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" },
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  });
  await initialized.text();
  if (!initialized.ok) throw new Error(`notifications/initialized answered ${initialized.status}`);
}

async function openSessions(url: string, token: string, count: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next += 1;
      await openSession(url, token);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_OPENS }, lane));
}

const { finish } = recordLoad();
await recreateDatabase(databaseUrl);
const prisma = createPrismaClient(databaseUrl, { maxConnections: 2 });
const key = Buffer.alloc(32, 7).toString("base64");
const gateway = await startGatewayProcess({
  DATABASE_URL: databaseUrl,
  SWITCHBOARD_ENCRYPTION_KEYS: `bench:${key}`,
  RUNNER_INTERNAL_TOKEN: internalToken,
  GATEWAY_MAX_SESSIONS_PER_TOKEN: String(ROUNDS * SESSIONS_PER_ROUND + WARM_UP_SESSIONS),
  LOG_LEVEL: "warn",
  PATH: process.env.PATH ?? "",
});
try {
  const user = await prisma.user.create({ data: { email: "bench@example.com" } });
  const entry = await seedCatalogEntry(prisma, "memory");
  await prisma.connector.create({
    data: { catalogEntryId: entry.id, scope: "PERSONAL", ownerUserId: user.id, name: "idle", status: "RUNNING", tools: [echoTool] }, // prettier-ignore
  });
  const { token } = await createGatewayToken(prisma, user.id, "memory");
  const pid = gateway.pid();
  await openSessions(gateway.url, token, WARM_UP_SESSIONS); // warm-up: code paths loaded, pools opened
  const samples = [await settledRss(pid)];
  const perSessionKiB: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    await openSessions(gateway.url, token, SESSIONS_PER_ROUND);
    samples.push(await settledRss(pid));
    perSessionKiB.push(round((samples.at(-1)! - samples.at(-2)!) / SESSIONS_PER_ROUND, 2));
    console.log(`[bench] round ${i + 1}: RSS ${samples.at(-1)} KiB, ${perSessionKiB.at(-1)} KiB per session`);
  }
  const spread = spreadOfValues(perSessionKiB);
  const result = {
    benchmark: "gateway-memory",
    sessionsPerRound: SESSIONS_PER_ROUND,
    rssKiB: samples,
    perSessionKiB: spread,
    perThousandSessionsMiB: round((spread.median * 1000) / 1024, 1),
    goal: { atMost: GOAL_KIB },
    verdict: decide(spread, { atMost: GOAL_KIB }),
    load: finish(),
  };
  await saveResult("gateway-memory", result);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await gateway.stop();
  await prisma.$disconnect();
}
