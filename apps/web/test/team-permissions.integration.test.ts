import type { TeamRole } from "@switchboard/db";
import { createTestPrisma, resetDatabase, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { acceptInvitation } from "@/modules/teams/lib/accept-invitation.ts";
import { changeMemberRole } from "@/modules/teams/lib/change-member-role.ts";
import { createTeam } from "@/modules/teams/lib/create-team.ts";
import { describeInvitation } from "@/modules/teams/lib/describe-invitation.ts";
import { getTeamForMember } from "@/modules/teams/lib/get-team.ts";
import { inviteMember } from "@/modules/teams/lib/invite-member.ts";
import { removeMember } from "@/modules/teams/lib/remove-member.ts";
import { revokeInvitation } from "@/modules/teams/lib/revoke-invitation.ts";
import { listUsersForAdmin } from "@/modules/admin/lib/list-users.ts";
import { AUDIT_PAGE_SIZE, listAuditEvents } from "@/modules/audit/lib/list-audit-events.ts";
import type { Actor } from "@/server/authz.ts";
import type { AppErrorCode } from "@/server/errors.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());

const actor = (user: { id: string; isInstanceAdmin: boolean }): Actor => ({
  id: user.id,
  isInstanceAdmin: user.isInstanceAdmin,
});

/** Two teams: "ours" with an owner, an admin and a member; "theirs" with its own owner. */
async function seedTwoTeams() {
  const [owner, admin, member, outsider, instanceAdmin] = await Promise.all([
    seedUser(prisma, { email: "owner@ours.test" }),
    seedUser(prisma, { email: "admin@ours.test" }),
    seedUser(prisma, { email: "member@ours.test" }),
    seedUser(prisma, { email: "owner@theirs.test" }),
    seedUser(prisma, { email: "root@instance.test", isInstanceAdmin: true }),
  ]);
  const role = (userId: string, r: TeamRole) => ({ userId, role: r });
  const ours = await seedTeam(
    prisma,
    [role(owner.id, "OWNER"), role(admin.id, "ADMIN"), role(member.id, "MEMBER")],
    "Ours",
  );
  const theirs = await seedTeam(prisma, [role(outsider.id, "OWNER")], "Theirs");
  return { owner, admin, member, outsider, instanceAdmin, ours, theirs };
}

let world: Awaited<ReturnType<typeof seedTwoTeams>>;
beforeEach(async () => {
  await resetDatabase(prisma);
  world = await seedTwoTeams();
});

async function rolesOf(teamId: string) {
  const rows = await prisma.membership.findMany({ where: { teamId }, include: { user: true } });
  return Object.fromEntries(rows.map((row) => [row.user.email, row.role]));
}

/** The roles in "ours" as seeded. */
const seededRoles = { "owner@ours.test": "OWNER", "admin@ours.test": "ADMIN", "member@ours.test": "MEMBER" };

/** Expects the attempt to be refused with an AppError of this code. */
const refused = (attempt: Promise<unknown>, code: AppErrorCode) => expect(attempt).rejects.toMatchObject({ code });

describe("a member of one team cannot act on another team", () => {
  it.each([
    { action: "view", attempt: () => getTeamForMember(prisma, actor(world.outsider), world.ours.slug) },
    {
      action: "invite",
      attempt: () => inviteMember(prisma, actor(world.outsider), world.ours.id, { email: "x@y.test", role: "MEMBER" }),
    },
    {
      action: "change a role",
      attempt: () => changeMemberRole(prisma, actor(world.outsider), world.ours.id, world.member.id, "OWNER"),
    },
    {
      action: "remove a member",
      attempt: () => removeMember(prisma, actor(world.outsider), world.ours.id, world.member.id),
    },
  ])("$action", async ({ attempt }) => {
    await refused(attempt(), "not_found");
    expect(await rolesOf(world.ours.id)).toEqual(seededRoles);
    expect(await prisma.invitation.count()).toBe(0);
  });

  it("revoke an invitation", async () => {
    const { invitation } = await inviteMember(prisma, actor(world.owner), world.ours.id, {
      email: "x@y.test",
      role: "MEMBER",
    });
    await refused(revokeInvitation(prisma, actor(world.outsider), invitation.id), "not_found");
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).toBeNull();
  });

  it("accept an invitation addressed to someone else", async () => {
    const { token } = await inviteMember(prisma, actor(world.owner), world.ours.id, {
      email: "new@ours.test",
      role: "ADMIN",
    });
    await refused(acceptInvitation(prisma, world.outsider, token), "forbidden");
    expect(await rolesOf(world.ours.id)).not.toHaveProperty("owner@theirs.test");
  });
});

describe("roles inside a team", () => {
  it("members cannot invite, change roles or remove others", async () => {
    await refused(
      inviteMember(prisma, actor(world.member), world.ours.id, { email: "x@y.test", role: "MEMBER" }),
      "forbidden",
    );
    await refused(changeMemberRole(prisma, actor(world.member), world.ours.id, world.admin.id, "MEMBER"), "forbidden");
    await refused(removeMember(prisma, actor(world.member), world.ours.id, world.admin.id), "forbidden");
    expect(await rolesOf(world.ours.id)).toEqual(seededRoles);
  });

  it("admins manage members but not owners", async () => {
    await changeMemberRole(prisma, actor(world.admin), world.ours.id, world.member.id, "ADMIN");
    await refused(changeMemberRole(prisma, actor(world.admin), world.ours.id, world.member.id, "OWNER"), "forbidden");
    await refused(removeMember(prisma, actor(world.admin), world.ours.id, world.owner.id), "forbidden");
    await refused(
      inviteMember(prisma, actor(world.admin), world.ours.id, { email: "boss@y.test", role: "OWNER" }),
      "forbidden",
    );
    expect(await rolesOf(world.ours.id)).toEqual({ ...seededRoles, "member@ours.test": "ADMIN" });
  });

  it("the last owner cannot leave or be demoted", async () => {
    await refused(removeMember(prisma, actor(world.owner), world.ours.id, world.owner.id), "conflict");
    await refused(changeMemberRole(prisma, actor(world.owner), world.ours.id, world.owner.id, "MEMBER"), "conflict");
    expect((await rolesOf(world.ours.id))["owner@ours.test"]).toBe("OWNER");
  });

  it("a member may leave", async () => {
    await removeMember(prisma, actor(world.member), world.ours.id, world.member.id);
    expect(await rolesOf(world.ours.id)).not.toHaveProperty("member@ours.test");
  });

  it("instance admins manage any team", async () => {
    await changeMemberRole(prisma, actor(world.instanceAdmin), world.theirs.id, world.outsider.id, "OWNER");
    const page = await getTeamForMember(prisma, actor(world.instanceAdmin), world.theirs.slug);
    expect(page.members.map((m) => m.user.email)).toEqual(["owner@theirs.test"]);
  });
});

describe("instance administration", () => {
  it("only instance admins list users or invite to the instance", async () => {
    await refused(listUsersForAdmin(prisma, actor(world.owner)), "forbidden");
    await refused(inviteMember(prisma, actor(world.owner), null, { email: "x@y.test", role: "MEMBER" }), "forbidden");
    const { users } = await listUsersForAdmin(prisma, actor(world.instanceAdmin));
    expect(users).toHaveLength(5);
  });

  it("only instance admins read the audit log, newest first, a page at a time, filtered by action", async () => {
    await refused(listAuditEvents(prisma, actor(world.owner)), "forbidden");
    const team = await createTeam(prisma, actor(world.owner), "Audited");
    await prisma.auditEvent.createMany({
      data: Array.from({ length: AUDIT_PAGE_SIZE }, (_, index) => ({
        action: "installation.started",
        targetType: "installation",
        at: new Date(Date.now() - (index + 1) * 60_000),
        metadata: { attempt: index },
      })),
    });
    const admin = actor(world.instanceAdmin);
    const first = await listAuditEvents(prisma, admin);
    expect(first.events).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.events[0]).toMatchObject({
      action: "team.created",
      teamName: "Audited",
      targetId: team.id,
      actor: { email: world.owner.email },
    });
    const second = await listAuditEvents(prisma, admin, { after: first.nextAfter });
    expect(second.events.map((event) => event.metadata)).toEqual([{ attempt: AUDIT_PAGE_SIZE - 1 }]);
    expect(second.nextAfter).toBeUndefined();
    const filtered = await listAuditEvents(prisma, admin, { action: "team." });
    expect(filtered.events.map((event) => event.action)).toEqual(["team.created"]);
    // A mangled page link starts again at the newest event.
    expect((await listAuditEvents(prisma, admin, { after: "not-an-id" })).events[0]?.action).toBe("team.created");
  });
});

describe("invitations", () => {
  it("are single use, stored hashed, and put the invitee in the team with the invited role", async () => {
    const { token, invitation } = await inviteMember(prisma, actor(world.admin), world.ours.id, {
      email: "New@Ours.test ",
      role: "ADMIN",
    });
    expect(invitation.email).toBe("new@ours.test");
    expect(invitation.tokenHash).not.toContain(token.slice(4));
    const invitee = await seedUser(prisma, { email: "new@ours.test" });
    const team = await acceptInvitation(prisma, invitee, token);
    expect(team?.id).toBe(world.ours.id);
    expect((await rolesOf(world.ours.id))["new@ours.test"]).toBe("ADMIN");
    await refused(acceptInvitation(prisma, invitee, token), "conflict");
  });

  it("expired and revoked invitations are refused", async () => {
    const invitee = await seedUser(prisma, { email: "late@ours.test" });
    const expired = await inviteMember(prisma, actor(world.owner), world.ours.id, {
      email: invitee.email,
      role: "MEMBER",
    });
    await prisma.invitation.update({
      where: { id: expired.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(acceptInvitation(prisma, invitee, expired.token)).rejects.toThrow(/expired/);
    const revoked = await inviteMember(prisma, actor(world.owner), world.ours.id, {
      email: invitee.email,
      role: "MEMBER",
    });
    await revokeInvitation(prisma, actor(world.admin), revoked.invitation.id);
    await expect(acceptInvitation(prisma, invitee, revoked.token)).rejects.toThrow(/not valid/);
    await expect(acceptInvitation(prisma, invitee, "sbi_forged")).rejects.toThrow(/not valid/);
  });

  it("say before sign-up whom they are for and which team they join, or why they no longer work", async () => {
    const { token } = await inviteMember(prisma, actor(world.owner), world.ours.id, {
      email: "new@ours.test",
      role: "ADMIN",
    });
    expect(await describeInvitation(prisma, token)).toEqual({
      usable: true,
      email: "new@ours.test",
      teamName: "Ours",
      role: "ADMIN",
    });
    const instanceOnly = await inviteMember(prisma, actor(world.instanceAdmin), null, {
      email: "solo@ours.test",
      role: "MEMBER",
    });
    expect(await describeInvitation(prisma, instanceOnly.token)).toMatchObject({ usable: true, teamName: null });
    await acceptInvitation(prisma, await seedUser(prisma, { email: "new@ours.test" }), token);
    expect(await describeInvitation(prisma, token)).toEqual({
      usable: false,
      reason: "This invitation has already been used.",
    });
    expect(await describeInvitation(prisma, "sbi_forged")).toEqual({
      usable: false,
      reason: "This invitation link is not valid. Ask for a new one.",
    });
  });

  it("reject bad input with field errors", async () => {
    await expect(
      inviteMember(prisma, actor(world.owner), world.ours.id, { email: "not-an-email", role: "MEMBER" }),
    ).rejects.toMatchObject({
      fieldErrors: { email: "Enter a valid e-mail address, like ada@example.com." },
    });
    await expect(
      inviteMember(prisma, actor(world.owner), world.ours.id, { email: "a@b.test", role: "KING" }),
    ).rejects.toMatchObject({
      fieldErrors: { role: "Choose owner, admin or member." },
    });
    await refused(
      inviteMember(prisma, actor(world.owner), world.ours.id, { email: "member@ours.test", role: "MEMBER" }),
      "conflict",
    );
  });
});

describe("createTeam", () => {
  it("makes the creator owner and gives each team a unique slug", async () => {
    const first = await createTeam(prisma, actor(world.member), "Data & ML");
    const second = await createTeam(prisma, actor(world.admin), "Data & ML");
    expect(first.slug).toBe("data-ml");
    expect(second.slug).toMatch(/^data-ml-[0-9a-f]{6}$/);
    expect((await rolesOf(first.id))["member@ours.test"]).toBe("OWNER");
    await refused(createTeam(prisma, actor(world.member), " "), "invalid_input");
  });
});
