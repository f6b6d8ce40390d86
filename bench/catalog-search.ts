// Catalog search, rendered server-side: GET /catalog?q=… on the real web app over a catalog of
// 2,000 entries, against a baseline of GET /api/health (one database round trip through the same
// server) measured in the same run. Run: npm run bench:catalog (after `npm run build -w @switchboard/web`).
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { builtinCatalog } from "@switchboard/catalog";
import { createPrismaClient } from "@switchboard/db";
import { recreateDatabase } from "@switchboard/db/testing";
import { hashPassword } from "../apps/web/src/server/auth/password.ts";
import { toCatalogRow } from "../apps/web/src/modules/catalog/lib/catalog-row.ts";
import { summarize, round } from "./support/stats.ts";
import { signInCookie, startWebServer } from "./support/web-server.ts";

const ENTRIES = 2_000;
const ROUNDS = 200;
const databaseUrl = "postgresql://postgres:postgres@127.0.0.1:5432/switchboard_bench";

async function seed() {
  const prisma = createPrismaClient(databaseUrl);
  const rows = Array.from({ length: ENTRIES }, (_, i) => {
    const base = builtinCatalog[i % builtinCatalog.length]!;
    const entry = { ...base, id: `${base.id}-${i}`, name: `${base.name} ${i}`, tags: [...base.tags, `team-${i % 40}`] };
    return { ...toCatalogRow(entry), source: "CUSTOM" as const };
  });
  await prisma.catalogEntry.createMany({ data: rows });
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

await recreateDatabase(databaseUrl);
const password = await seed();
const server = await startWebServer(3190, {
  DATABASE_URL: databaseUrl,
  NEXTAUTH_URL: "http://127.0.0.1:3190",
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
  const search: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    baseline.push(await time(`${server.url}/api/health`, cookie));
    search.push(await time(`${server.url}/catalog?${queries[i % queries.length]}`, cookie));
  }
  const result = {
    benchmark: "catalog-search",
    entries: ENTRIES,
    search: summarize(search),
    baseline: { name: "GET /api/health", ...summarize(baseline) },
    ratioP50: round(summarize(search).p50 / summarize(baseline).p50),
    goal: "search p95 < 100 ms",
    met: summarize(search).p95 < 100,
  };
  await writeFile(new URL("results/catalog-search.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  server.stop();
}
