import {
  createTestPrisma,
  resetDatabase,
  seedCatalogEntry,
  seedTeam,
  seedUser,
  testDatabaseUrl,
} from "@switchboard/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { echoTool, startGatewayHarness } from "../src/testing/harness.ts";
import { postInitialize } from "../src/testing/probe-gateway.ts";

// Security finding 11 (gateway parts): races around session start.
const prisma = createTestPrisma();
let harness: Awaited<ReturnType<typeof startGatewayHarness>> | undefined;

afterEach(async () => {
  await harness?.endSessions();
  await harness?.close();
  harness = undefined;
});

async function seedTeamConnector() {
  await resetDatabase(prisma);
  const alice = await seedUser(prisma);
  const entry = await seedCatalogEntry(prisma);
  const team = await seedTeam(prisma, [{ userId: alice.id, role: "MEMBER" }]);
  const wiki = await prisma.connector.create({
    data: {
      catalogEntryId: entry.id,
      name: "Team Wiki",
      status: "RUNNING",
      tools: [echoTool],
      scope: "TEAM",
      teamId: team.id,
    } as never,
  });
  return { alice, team, wiki };
}

describe("finding 11: gateway session races", () => {
  it("drops a team connector from a session when the membership is removed right after the gateway starts", async () => {
    const { alice, team, wiki } = await seedTeamConnector();
    harness = await startGatewayHarness(prisma, testDatabaseUrl, { listChangedPollMs: 1_000 });
    await harness.startEchoBridge(wiki.id, "Team Wiki");
    const client = await harness.connect((await harness.createToken(alice.id)).token);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["team_wiki__echo"]);
    // Before the change watcher's first look at the database.
    await prisma.membership.deleteMany({ where: { teamId: team.id, userId: alice.id } });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // A call uses the session's cached routes (tools/list would re-read them).
    const outcome = await client.callTool({ name: "team_wiki__echo", arguments: { message: "hi" } }).then(
      (result) => (result.isError ? "refused" : (result.content as { text: string }[])[0]?.text),
      () => "refused",
    );
    expect(outcome).toBe("refused");
    await client.close();
  });

  it("holds the per-token session cap against concurrent initialize requests", async () => {
    const { alice } = await seedTeamConnector();
    harness = await startGatewayHarness(prisma, testDatabaseUrl, {
      maxSessionsPerToken: 3,
      // Every check then waits for one batched query, so the initializes continue in the same turn.
      tokenCacheTtlMs: 0,
    });
    const { token } = await harness.createToken(alice.id);
    const initialize = () => postInitialize(`${harness?.gatewayUrl}/mcp`, token);
    const responses = await Promise.all(Array.from({ length: 40 }, initialize));
    const statuses = responses.map((response) => response.status);
    await Promise.all(responses.map((response) => response.body?.cancel()));
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(37);
    const opened = responses.flatMap((response) => response.headers.get("mcp-session-id") ?? []);
    await Promise.all(
      opened.map((sessionId) =>
        fetch(`${harness?.gatewayUrl}/mcp`, {
          method: "DELETE",
          headers: { authorization: `Bearer ${token}`, "mcp-session-id": sessionId },
        }),
      ),
    );
  });
});
