import { createTestPrisma, resetDatabase, seedCatalogEntry, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { authorizeLogStream, grantSupportAccess } from "@/modules/connector-status/lib/log-access.ts";
import { streamConnectorLogs } from "@/modules/connector-status/lib/stream-connector-logs.ts";
import { startSession } from "@/server/auth/sessions.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

async function seedTeamConnector() {
  const [instanceAdmin, member] = [await seedUser(prisma, { isInstanceAdmin: true }), await seedUser(prisma)];
  const team = await seedTeam(prisma, [{ userId: member.id, role: "MEMBER" }]);
  const entry = await seedCatalogEntry(prisma);
  const connector = await prisma.connector.create({
    data: { catalogEntryId: entry.id, scope: "TEAM", teamId: team.id, name: "shared", status: "RUNNING" },
  });
  return {
    admin: { id: instanceAdmin.id, isInstanceAdmin: true },
    member: { id: member.id, isInstanceAdmin: false },
    connector,
  };
}

describe("issue 12 finding 7: instance admins read another team's connector logs only through audited support access", () => {
  it("refuses an instance admin outside the team without support access, and records nothing", async () => {
    const { admin, connector } = await seedTeamConnector();
    await expect(authorizeLogStream(prisma, admin, connector.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await prisma.auditEvent.count({ where: { action: "installation.support_access" } })).toBe(0);
  });

  it("streams after the admin gives a reason, which is in the audit log with the team", async () => {
    const { admin, connector } = await seedTeamConnector();
    await expect(
      grantSupportAccess(prisma, admin, { connectorId: connector.id, reason: "too short" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await grantSupportAccess(prisma, admin, {
      connectorId: connector.id,
      reason: "Ticket 4711: the team reports failed starts",
    });
    await expect(authorizeLogStream(prisma, admin, connector.id)).resolves.toMatchObject({ id: connector.id });
    expect(
      await prisma.auditEvent.findMany({
        where: { action: "installation.support_access" },
        select: { actorUserId: true, targetId: true, teamId: true, metadata: true },
      }),
    ).toEqual([
      {
        actorUserId: admin.id,
        targetId: connector.id,
        teamId: connector.teamId,
        metadata: { reason: "Ticket 4711: the team reports failed starts", minutes: 30 },
      },
    ]);
  });

  it("lets the team's members stream as before, without support access", async () => {
    const { member, connector } = await seedTeamConnector();
    await expect(authorizeLogStream(prisma, member, connector.id)).resolves.toMatchObject({ id: connector.id });
    await expect(
      grantSupportAccess(prisma, member, { connectorId: connector.id, reason: "I am in this team anyway" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("finding (low): an open log stream ends once its reader may no longer read the logs", () => {
  /** A runner's log stream that sends a line every 20 ms until cancelled, and says whether it was. */
  function fakeRunnerStream() {
    const runner = { cancelled: false };
    let timer: NodeJS.Timeout | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        timer = setInterval(() => controller.enqueue(new TextEncoder().encode("data: a line\n\n")), 20);
      },
      cancel() {
        clearInterval(timer);
        runner.cancelled = true;
      },
    });
    return { runner, open: () => Promise.resolve(new Response(body)) };
  }

  /** Reads until the stream ends or `withinMs` pass; true when it ended. */
  async function endsWithin(response: Response, withinMs: number): Promise<boolean> {
    const reader = response.body!.getReader();
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      const next = await Promise.race([
        reader.read(),
        new Promise<"waiting">((resolve) => setTimeout(() => resolve("waiting"), 50)),
      ]);
      if (next !== "waiting" && next.done) return true;
    }
    await reader.cancel();
    return false;
  }

  it.each([
    ["a member removed from the team", "removed"],
    ["a signed-out session", "signed out"],
    ["an instance admin whose support access ran out", "expired"],
  ] as const)("for %s", async (_, change) => {
    const { admin, member, connector } = await seedTeamConnector();
    const viewer = change === "expired" ? admin : member;
    if (change === "expired") {
      await grantSupportAccess(prisma, admin, { connectorId: connector.id, reason: "Ticket 4711: failed starts" });
    }
    const session = await startSession(prisma, viewer.id, null);
    const { runner, open } = fakeRunnerStream();
    const response = await streamConnectorLogs(
      prisma,
      { ...viewer, sessionId: session.id },
      connector.id,
      open,
      new AbortController().signal,
      { recheckMs: 100 },
    );

    if (change === "removed") await prisma.membership.deleteMany({ where: { userId: member.id } });
    if (change === "signed out") await prisma.session.delete({ where: { id: session.id } });
    if (change === "expired") {
      await prisma.auditEvent.updateMany({
        where: { action: "installation.support_access" },
        data: { at: new Date(Date.now() - 31 * 60_000) },
      });
    }

    expect(await endsWithin(response, 2_000)).toBe(true);
    expect(runner.cancelled).toBe(true);
  });

  it("keeps streaming while the reader may still read", async () => {
    const { member, connector } = await seedTeamConnector();
    const session = await startSession(prisma, member.id, null);
    const { runner, open } = fakeRunnerStream();
    const response = await streamConnectorLogs(
      prisma,
      { ...member, sessionId: session.id },
      connector.id,
      open,
      new AbortController().signal,
      { recheckMs: 100 },
    );
    expect(await endsWithin(response, 500)).toBe(false);
    expect(runner.cancelled).toBe(true);
  });
});
