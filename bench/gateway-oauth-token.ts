// tools/call through the gateway with an OAuth access token (Switchboard's authorization server)
// vs. with a gateway token, same gateway, same run, interleaved rounds, at 1 and 50 concurrent
// clients. Goal (issue 15): the OAuth token's p50 within 0.1 ms of the gateway token's.
// Run: npx tsx bench/gateway-oauth-token.ts (needs Postgres on 127.0.0.1).
import { writeFile } from "node:fs/promises";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createPrismaClient } from "@switchboard/db";
import { createTestSecretBox, recreateDatabase, seedCatalogEntry } from "@switchboard/db/testing";
import { hashOpaqueToken } from "@switchboard/db/tokens";
import { importJWK, SignJWT } from "jose";
import { echoTool, startGatewayHarness } from "@switchboard/gateway/testing";
import { loadSigningKeys } from "@switchboard/web/testing";
import { round, summarize } from "./support/stats.ts";

const databaseUrl = "postgresql://postgres:postgres@127.0.0.1:5432/switchboard_bench_gateway_oauth";
const ISSUER = "http://127.0.0.1:1";
/** The harness's gateway publishes this endpoint; access tokens are issued for it. */
const AUDIENCE = "http://127.0.0.1/mcp";
const CALLS_PER_CLIENT = { 1: 1_000, 50: 60 } as const;
const ROUNDS = 3;

async function measure(clients: Client[], calls: number) {
  const latencies: number[] = [];
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < calls; i += 1) {
        const t = performance.now();
        const result = await client.callTool({ name: "bench__echo", arguments: { message: `${c}-${i}` } });
        latencies.push(performance.now() - t);
        if ((result.content as { text: string }[])[0]?.text !== `bench:${c}-${i}`) throw new Error("wrong response");
      }
    }),
  );
  return latencies;
}

await recreateDatabase(databaseUrl);
const prisma = createPrismaClient(databaseUrl, { maxConnections: 10 });
// The harness passes its options to createGateway; `oauthIssuer` turns on OAuth access tokens.
const harness = await startGatewayHarness(prisma, databaseUrl, {
  maxSessionsPerToken: 500,
  ...({ oauthIssuer: ISSUER } as object),
});
try {
  const user = await prisma.user.create({ data: { email: "bench@example.com" } });
  const entry = await seedCatalogEntry(prisma, "bench");
  const connector = await prisma.connector.create({
    data: {
      catalogEntryId: entry.id,
      scope: "PERSONAL",
      ownerUserId: user.id,
      name: "bench",
      status: "RUNNING",
      tools: [echoTool],
    } as never,
  });
  await harness.startEchoBridge(connector.id, "bench");
  const { token: gatewayToken } = await harness.createToken(user.id);

  // What the authorization server leaves behind after a consent: a grant and the consent naming it.
  const grantId = "bench-grant";
  await prisma.oidcPayload.create({ data: { kind: "Grant", id: hashOpaqueToken(grantId), payloadCiphertext: "-" } });
  await prisma.oAuthConsent.create({ data: { userId: user.id, clientId: "bench-client", grantId } });
  const [jwk] = await loadSigningKeys(prisma, createTestSecretBox());
  const accessToken = await new SignJWT({ grant_id: grantId, client_id: "bench-client", scope: "mcp" })
    .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: jwk!.kid! })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(await importJWK(jwk!, "RS256"));

  const rows = [];
  for (const concurrency of [1, 50] as const) {
    const withGatewayToken = await Promise.all(
      Array.from({ length: concurrency }, () => harness.connect(gatewayToken)),
    );
    const withAccessToken = await Promise.all(Array.from({ length: concurrency }, () => harness.connect(accessToken)));
    const calls = CALLS_PER_CLIENT[concurrency];
    await measure(withGatewayToken, Math.ceil(calls / 5)); // warm-up
    await measure(withAccessToken, Math.ceil(calls / 5));
    const gatewayLatencies: number[] = [];
    const oauthLatencies: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      gatewayLatencies.push(...(await measure(withGatewayToken, calls)));
      oauthLatencies.push(...(await measure(withAccessToken, calls)));
    }
    const gateway = summarize(gatewayLatencies);
    const oauth = summarize(oauthLatencies);
    rows.push({
      concurrency,
      gatewayToken: gateway,
      oauthAccessToken: oauth,
      p50DifferenceMs: round(oauth.p50 - gateway.p50),
    });
    await harness.endSessions();
    await Promise.all([...withGatewayToken, ...withAccessToken].map((client) => client.close()));
  }
  const result = { benchmark: "gateway-oauth-token", goals: { p50DifferenceMs: "<= 0.1" }, rows };
  await writeFile(new URL("results/gateway-oauth-token.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await harness.close();
  await prisma.$disconnect();
}
