import type { TeamRole } from "@switchboard/db";
import { createTestPrisma, resetDatabase, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { acceptInvitation } from "@/modules/teams/lib/accept-invitation.ts";
import { changeMemberRole } from "@/modules/teams/lib/change-member-role.ts";
import { createTeam } from "@/modules/teams/lib/create-team.ts";
import { getTeamForMember } from "@/modules/teams/lib/get-team.ts";
import { inviteMember } from "@/modules/teams/lib/invite-member.ts";
import { removeMember } from "@/modules/teams/lib/remove-member.ts";
import { revokeInvitation } from "@/modules/teams/lib/revoke-invitation.ts";
import { listUsersForAdmin } from "@/modules/admin/lib/list-users.ts";
import type { Actor } from "@/server/authz.ts";

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

describe("a member of one team cannot act on another team", () => {
  it("view", async () => {
    await expect(getTeamForMember(prisma, actor(world.outsider), world.ours.slug)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("invite", async () => {
    await expect(
      inviteMember(prisma, actor(world.outsider), world.ours.id, { email: "x@y.test", role: "MEMBER" }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await prisma.invitation.count()).toBe(0);
  });

  it("revoke an invitation", async () => {
    const { invitation } = await inviteMember(prisma, actor(world.owner), world.ours.id, {
      email: "x@y.test",
      role: "MEMBER",
    });
    await expect(revokeInvitation(prisma, actor(world.outsider), invitation.id)).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).toBeNull();
  });

  it("change a role", async () => {
    await expect(
      changeMemberRole(prisma, actor(world.outsider), world.ours.id, world.member.id, "OWNER"),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await rolesOf(world.ours.id))["member@ours.test"]).toBe("MEMBER");
  });

  it("remove a member", async () => {
    await expect(removeMember(prisma, actor(world.outsider), world.ours.id, world.member.id)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(Object.keys(await rolesOf(world.ours.id))).toHaveLength(3);
  });

  it("accept an invitation addressed to someone else", async () => {
    const { token } = await inviteMember(prisma, actor(world.owner), world.ours.id, {
      email: "new@ours.test",
      role: "ADMIN",
    });
    await expect(acceptInvitation(prisma, world.outsider, token)).rejects.toMatchObject({ code: "forbidden" });
    expect(await rolesOf(world.ours.id)).not.toHaveProperty("owner@theirs.test");
  });
});

describe("roles inside a team", () => {
  it("members cannot invite, change roles or remove others", async () => {
    await expect(
      inviteMember(prisma, actor(world.member), world.ours.id, { email: "x@y.test", role: "MEMBER" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      changeMemberRole(prisma, actor(world.member), world.ours.id, world.admin.id, "MEMBER"),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(removeMember(prisma, actor(world.member), world.ours.id, world.admin.id)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await rolesOf(world.ours.id)).toEqual({
      "owner@ours.test": "OWNER",
      "admin@ours.test": "ADMIN",
      "member@ours.test": "MEMBER",
    });
  });

  it("admins manage members but not owners", async () => {
    await changeMemberRole(prisma, actor(world.admin), world.ours.id, world.member.id, "ADMIN");
    await expect(
      changeMemberRole(prisma, actor(world.admin), world.ours.id, world.member.id, "OWNER"),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(removeMember(prisma, actor(world.admin), world.ours.id, world.owner.id)).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      inviteMember(prisma, actor(world.admin), world.ours.id, { email: "boss@y.test", role: "OWNER" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await rolesOf(world.ours.id)).toEqual({
      "owner@ours.test": "OWNER",
      "admin@ours.test": "ADMIN",
      "member@ours.test": "ADMIN",
    });
  });

  it("the last owner cannot leave or be demoted", async () => {
    await expect(removeMember(prisma, actor(world.owner), world.ours.id, world.owner.id)).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(
      changeMemberRole(prisma, actor(world.owner), world.ours.id, world.owner.id, "MEMBER"),
    ).rejects.toMatchObject({
      code: "conflict",
    });
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
    await expect(listUsersForAdmin(prisma, actor(world.owner))).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      inviteMember(prisma, actor(world.owner), null, { email: "x@y.test", role: "MEMBER" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const { users } = await listUsersForAdmin(prisma, actor(world.instanceAdmin));
    expect(users).toHaveLength(5);
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
    await expect(acceptInvitation(prisma, invitee, token)).rejects.toMatchObject({ code: "conflict" });
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
    await expect(
      inviteMember(prisma, actor(world.owner), world.ours.id, { email: "member@ours.test", role: "MEMBER" }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
  });
});

describe("createTeam", () => {
  it("makes the creator owner and gives each team a unique slug", async () => {
    const first = await createTeam(prisma, actor(world.member), "Data & ML");
    const second = await createTeam(prisma, actor(world.admin), "Data & ML");
    expect(first.slug).toBe("data-ml");
    expect(second.slug).toMatch(/^data-ml-[0-9a-f]{6}$/);
    expect((await rolesOf(first.id))["member@ours.test"]).toBe("OWNER");
    await expect(createTeam(prisma, actor(world.member), " ")).rejects.toMatchObject({ code: "invalid_input" });
  });
});
