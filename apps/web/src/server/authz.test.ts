import type { Membership, PrismaClient, TeamRole } from "@switchboard/db";
import { describe, expect, it } from "vitest";
import { hasRole, requireInstanceAdmin, requireTeamPermission, teamPermissions, type TeamAction } from "./authz.ts";
import { AppError } from "./errors.ts";

// The decision logic over two lookups, each answering only the query for user-1 in team-1; the
// queries themselves run against the real database in test/team-permissions.integration.test.ts.
function lookups(membership: Membership | null, teamExists: boolean) {
  return {
    membership: {
      findUnique: async (query: unknown) => {
        expect(query).toStrictEqual({ where: { teamId_userId: { teamId: "team-1", userId: "user-1" } } });
        return membership;
      },
    },
    team: {
      findUnique: async (query: unknown) => {
        expect(query).toStrictEqual({ where: { id: "team-1" }, select: { id: true } });
        return teamExists ? { id: "team-1" } : null;
      },
    },
  } as unknown as PrismaClient;
}

function membershipAs(role: TeamRole): Membership {
  return { id: "m-1", teamId: "team-1", userId: "user-1", role, createdAt: new Date(0) } as Membership;
}

const member = { id: "user-1", isInstanceAdmin: false };
const instanceAdmin = { id: "user-1", isInstanceAdmin: true };

async function outcome(prisma: PrismaClient, actor: typeof member, action: TeamAction) {
  return requireTeamPermission(prisma, actor, "team-1", action).then(
    (result) => ({ allowed: result }),
    (error: unknown) => ({ refused: error }),
  );
}

describe("teamPermissions", () => {
  it("is the permission table the product promises", () => {
    expect(teamPermissions).toStrictEqual({
      "team.view": "MEMBER",
      "team.invite": "ADMIN",
      "team.revokeInvitation": "ADMIN",
      "team.changeRole": "ADMIN",
      "team.removeMember": "ADMIN",
      "team.rename": "ADMIN",
      "team.manageInstallations": "ADMIN",
      "team.delete": "OWNER",
    });
  });
});

describe("hasRole", () => {
  it("ranks MEMBER below ADMIN below OWNER, each meeting its own minimum", () => {
    const roles: TeamRole[] = ["MEMBER", "ADMIN", "OWNER"];
    for (const [held, role] of roles.entries()) {
      for (const [needed, minimum] of roles.entries()) {
        expect(hasRole(role, minimum), `${role} for ${minimum}`).toBe(held >= needed);
      }
    }
  });
});

describe("requireTeamPermission", () => {
  it("returns the membership of a member whose role is enough", async () => {
    const admin = membershipAs("ADMIN");
    await expect(outcome(lookups(admin, true), member, "team.invite")).resolves.toStrictEqual({ allowed: admin });
    const plain = membershipAs("MEMBER");
    await expect(outcome(lookups(plain, true), member, "team.view")).resolves.toStrictEqual({ allowed: plain });
  });

  it("refuses a member whose role is too low, naming the role needed", async () => {
    const result = await outcome(lookups(membershipAs("ADMIN"), true), member, "team.delete");
    expect(result).toStrictEqual({ refused: new AppError("forbidden", "Only team owners can do this.") });
    expect((result as { refused: AppError }).refused.code).toBe("forbidden");
    const low = await outcome(lookups(membershipAs("MEMBER"), true), member, "team.manageInstallations");
    expect((low as { refused: AppError }).refused).toMatchObject({
      code: "forbidden",
      message: "Only team admins can do this.",
    });
  });

  it("tells a non-member nothing about the team, not even that it exists", async () => {
    for (const exists of [true, false]) {
      const result = await outcome(lookups(null, exists), member, "team.view");
      expect((result as { refused: AppError }).refused).toMatchObject({
        code: "not_found",
        message: "This team does not exist.",
      });
    }
  });

  it("lets an instance admin act on an existing team they are not in, without a membership", async () => {
    await expect(outcome(lookups(null, true), instanceAdmin, "team.delete")).resolves.toStrictEqual({
      allowed: null,
    });
    const low = membershipAs("MEMBER");
    await expect(outcome(lookups(low, true), instanceAdmin, "team.delete")).resolves.toStrictEqual({ allowed: low });
    const missing = await outcome(lookups(null, false), instanceAdmin, "team.view");
    expect((missing as { refused: AppError }).refused).toMatchObject({
      code: "not_found",
      message: "This team does not exist.",
    });
  });
});

describe("requireInstanceAdmin", () => {
  it("lets instance admins through and refuses everyone else", () => {
    expect(() => requireInstanceAdmin(instanceAdmin)).not.toThrow();
    expect(() => requireInstanceAdmin(member)).toThrow(
      expect.objectContaining({ code: "forbidden", message: "Only instance admins can do this." }),
    );
  });
});
