// Catalog search, rendered server-side: GET /catalog?q=… on the real web app over a catalog of
// 20,000 entries (BENCH_CATALOG_ENTRIES), against a baseline of GET /api/health (one database
// round trip through the same server), interleaved in rounds. Goal (issue 17): search p95 < 50 ms,
// decided on the rounds' spread. Run: npm run bench:catalog (after `npm run build -w @switchboard/web`).
import { randomBytes } from "node:crypto";
import { builtinCatalog } from "@switchboard/catalog";
import { createPrismaClient } from "@switchboard/db";
import { recreateDatabase } from "@switchboard/db/testing";
import { hashPassword } from "@switchboard/web/testing";
import { toCatalogRow } from "@switchboard/web/testing";
import { benchDatabaseUrl } from "./support/bench-env.ts";
import { decide, recordLoad, runInterleaved, spreadOfRatios, spreadOfValues } from "./support/rounds.ts";
import { percentile, summarize } from "./support/stats.ts";
import { signInCookie, startWebServer } from "./support/web-server.ts";
import { saveResult } from "./support/save-result.ts";

const ENTRIES = Number(process.env.BENCH_CATALOG_ENTRIES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const REQUESTS_PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 40);
const GOAL_P95_MS = 50;
const WEB_PORT = Number(process.env.BENCH_WEB_PORT ?? 3190);
const databaseUrl = benchDatabaseUrl("switchboard_bench");

async function seed() {
  const prisma = createPrismaClient(databaseUrl);
  const rows = Array.from({ length: ENTRIES }, (_, i) => {
    const base = builtinCatalog[i % builtinCatalog.length]!;
    const entry = { ...base, id: `${base.id}-${i}`, name: `${base.name} ${i}`, tags: [...base.tags, `team-${i % 40}`] };
    return { ...toCatalogRow(entry), source: "CUSTOM" as const };
  });
  await prisma.catalogEntry.createMany({ data: rows });
  // A catalog in use has been vacuumed by autovacuum; a freshly loaded one has not (browsing reads
  // the visibility map), so the bench starts from that steady state instead of racing autovacuum.
  await prisma.$executeRawUnsafe(`VACUUM ANALYZE "CatalogEntry"`);
  const password = randomBytes(12).toString("hex");
  await prisma.user.create({
    data: {
      email: "bench@example.com",
      name: "Bench",
      isInstanceAdmin: true,
      passwordHash: await hashPassword(password),
    },
  });
  await prisma.$disconnect();
  return password;
}

async function time(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

const { finish } = recordLoad();
await recreateDatabase(databaseUrl);
const password = await seed();
const server = await startWebServer(WEB_PORT, {
  DATABASE_URL: databaseUrl,
  NEXTAUTH_URL: `http://127.0.0.1:${WEB_PORT}`,
  NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
  SWITCHBOARD_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
});
try {
  const cookie = await signInCookie(server.url, "bench@example.com", password);
  const queries = [
    "q=git",
    "q=slack",
    "q=database+postgres",
    "auth=remote_mcp_dcr",
    "location=remote&q=team-7",
    "q=memory&page=2",
    "",
  ];
  for (let i = 0; i < 20; i += 1) await time(`${server.url}/catalog?${queries[i % queries.length]}`, cookie); // warm-up
  let query = 0;
  const timeMany = async (path: () => string) => {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS_PER_ROUND; i += 1) times.push(await time(`${server.url}${path()}`, cookie));
    return times;
  };
  const { baseline: baselineRounds, search: searchRounds } = await runInterleaved(ROUNDS, {
    baseline: () => timeMany(() => "/api/health"),
    search: () => timeMany(() => `/catalog?${queries[query++ % queries.length]}`),
  });
  const p95 = (times: number[][]) => times.map((round) => percentile(round, 95));
  const searchP95 = spreadOfValues(p95(searchRounds));
  const result = {
    benchmark: "catalog-search",
    entries: ENTRIES,
    roundsOf: REQUESTS_PER_ROUND,
    search: summarize(searchRounds.flat()),
    baseline: { name: "GET /api/health", ...summarize(baselineRounds.flat()) },
    searchP95Ms: searchP95,
    p95Ratio: spreadOfRatios(p95(searchRounds), p95(baselineRounds)),
    goal: { atMost: GOAL_P95_MS },
    verdict: decide(searchP95, { atMost: GOAL_P95_MS }),
    load: finish(),
  };
  await saveResult("catalog-search", result);
} finally {
  server.stop();
}
