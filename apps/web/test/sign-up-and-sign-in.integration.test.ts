import { createTestPrisma, resetDatabase, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { admitSsoUser } from "@/modules/auth/lib/admit-sso-user.ts";
import { registerUser } from "@/modules/auth/lib/register-user.ts";
import { signInWithPassword } from "@/modules/auth/lib/sign-in-with-password.ts";
import { inviteMember } from "@/modules/teams/lib/invite-member.ts";
import { hashPassword } from "@/server/auth/password.ts";
import { findLiveSession, revokeSession, startSession } from "@/server/auth/sessions.ts";
import type { AppError } from "@/server/errors.ts";

// A spy that keeps the real Argon2id implementation: the test checks when it runs, not what it does.
vi.mock("@/server/auth/password.ts", { spy: true });

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

const password = "a long enough password";

describe("registerUser", () => {
  it("makes the first user instance admin and stores only an Argon2id hash", async () => {
    const user = await registerUser(prisma, { name: "Ada", email: "Ada@Example.com", password });
    expect(user).toMatchObject({ email: "ada@example.com", isInstanceAdmin: true });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.passwordHash).not.toContain(password);
  });

  it("only one of two racing first sign-ups becomes admin", async () => {
    const results = await Promise.allSettled([
      registerUser(prisma, { name: "A", email: "a@example.com", password }),
      registerUser(prisma, { name: "B", email: "b@example.com", password }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.user.count({ where: { isInstanceAdmin: true } })).toBe(1);
  });

  it("requires a matching invitation once the instance has users", async () => {
    const admin = await registerUser(prisma, { name: "Ada", email: "ada@example.com", password });
    await expect(registerUser(prisma, { name: "Eve", email: "eve@example.com", password })).rejects.toThrow(
      /invite-only/,
    );
    const { token } = await inviteMember(prisma, { id: admin.id, isInstanceAdmin: true }, null, {
      email: "bob@example.com",
      role: "MEMBER",
    });
    await expect(
      registerUser(prisma, { name: "Eve", email: "eve@example.com", password, invitationToken: token }),
    ).rejects.toThrow(/different e-mail/);
    const bob = await registerUser(prisma, { name: "Bob", email: "bob@example.com", password, invitationToken: token });
    expect(bob.isInstanceAdmin).toBe(false);
    expect(await prisma.user.count()).toBe(2);
  });

  it.each([
    [{ name: "", email: "a@b.test", password }, { name: "Enter your name." }],
    [{ name: "A", email: "nope", password }, { email: "Enter a valid e-mail address, like ada@example.com." }],
    [{ name: "A", email: "a@b.test", password: "short" }, { password: "Use at least 12 characters." }],
    [{ name: "A", email: "a@b.test", password: "x".repeat(300) }, { password: "Use at most 256 characters." }],
    [{}, { email: "Enter your e-mail address.", password: "Choose a password." }],
  ])("rejects %j with field errors", async (input, fieldErrors) => {
    await expect(registerUser(prisma, input)).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: expect.objectContaining(fieldErrors),
    });
    expect(await prisma.user.count()).toBe(0);
  });

  it("refuses a second account for the same e-mail, telling only the holder of an invitation for it", async () => {
    const admin = await registerUser(prisma, { name: "Ada", email: "ada@example.com", password });
    await expect(registerUser(prisma, { name: "Ada", email: "ADA@example.com", password })).rejects.toMatchObject({
      code: "forbidden",
    });
    const { token } = await inviteMember(prisma, { id: admin.id, isInstanceAdmin: true }, null, {
      email: "ada@example.com",
      role: "MEMBER",
    });
    await expect(
      registerUser(prisma, { name: "Ada", email: "ada@example.com", password, invitationToken: token }),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/Sign in to accept/) });
    expect(await prisma.user.count()).toBe(1);
  });

  it("issue 12, finding 5: answers a registered and an unknown e-mail alike and hashes no password before the invitation check", async () => {
    await registerUser(prisma, { name: "Ada", email: "ada@example.com", password });
    vi.mocked(hashPassword).mockClear();
    const answerFor = (email: string, invitationToken?: string) =>
      registerUser(prisma, { name: "Eve", email, password, invitationToken }).then(
        () => "created",
        (error: AppError) => ({ code: error.code, message: error.message, fieldErrors: error.fieldErrors }),
      );
    const registered = await answerFor("ada@example.com");
    expect(registered).toEqual(await answerFor("nobody@example.com"));
    expect(registered).toMatchObject({ code: "forbidden", message: expect.stringMatching(/invite-only/) });
    expect(await answerFor("ada@example.com", "sbi_not-a-real-invitation")).toEqual(
      await answerFor("nobody@example.com", "sbi_not-a-real-invitation"),
    );
    expect(hashPassword).not.toHaveBeenCalled();
  });
});

describe("signInWithPassword", () => {
  beforeEach(async () => {
    await registerUser(prisma, { name: "Ada", email: "ada@example.com", password });
  });

  it("accepts the right password", async () => {
    await expect(signInWithPassword(prisma, { email: "ADA@example.com", password })).resolves.toMatchObject({
      email: "ada@example.com",
    });
  });

  it.each([
    [{ email: "ada@example.com", password: "wrong password" }, "Invalid e-mail or password."],
    [{ email: "nobody@example.com", password }, "Invalid e-mail or password."],
    [{ email: "not an email", password }, "Enter a valid e-mail address, like ada@example.com."],
    [{ email: "ada@example.com", password: "" }, "Enter your password."],
    [{ email: "", password }, "Enter your e-mail address."],
  ])("rejects %j with a clear message", async (input, message) => {
    await expect(signInWithPassword(prisma, input)).rejects.toThrow(message);
  });

  it("refuses disabled accounts", async () => {
    await prisma.user.update({ where: { email: "ada@example.com" }, data: { disabledAt: new Date() } });
    await expect(signInWithPassword(prisma, { email: "ada@example.com", password })).rejects.toThrow(/disabled/);
  });
});

describe("sessions", () => {
  it("are live until revoked, and revocation is immediate", async () => {
    const user = await seedUser(prisma);
    const session = await startSession(prisma, user.id, "test-agent");
    expect(await findLiveSession(prisma, session.id)).not.toBeNull();
    await revokeSession(prisma, user.id, session.id);
    expect(await findLiveSession(prisma, session.id)).toBeNull();
  });

  it("cannot be revoked by another user", async () => {
    const [owner, other] = [await seedUser(prisma), await seedUser(prisma)];
    const session = await startSession(prisma, owner.id, null);
    await expect(revokeSession(prisma, other.id, session.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await findLiveSession(prisma, session.id)).not.toBeNull();
  });

  it("end when expired or when the user is disabled", async () => {
    const user = await seedUser(prisma);
    const expired = await prisma.session.create({ data: { userId: user.id, expiresAt: new Date(Date.now() - 1) } });
    expect(await findLiveSession(prisma, expired.id)).toBeNull();
    const live = await startSession(prisma, user.id, null);
    await prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await findLiveSession(prisma, live.id)).toBeNull();
  });
});

describe("admitSsoUser", () => {
  const profile = (subject: string, email: string) => ({ subject, email, emailVerified: true, name: "Sso User" });

  it("admits the first user as admin, then links the same subject on later sign-ins", async () => {
    const first = await admitSsoUser(prisma, profile("sub-1", "ada@corp.test"), []);
    expect(first.isInstanceAdmin).toBe(true);
    const again = await admitSsoUser(prisma, profile("sub-1", "ada@corp.test"), []);
    expect(again.id).toBe(first.id);
    expect(await prisma.account.count()).toBe(1);
  });

  it("admits allowlisted domains and invited people, and refuses others", async () => {
    const admin = await seedUser(prisma, { isInstanceAdmin: true });
    await expect(admitSsoUser(prisma, profile("sub-x", "eve@elsewhere.test"), ["corp.test"])).rejects.toThrow(
      /invite-only/,
    );
    await expect(admitSsoUser(prisma, profile("sub-y", "bob@corp.test"), ["corp.test"])).resolves.toMatchObject({
      email: "bob@corp.test",
    });

    const team = await seedTeam(prisma, [{ userId: admin.id, role: "OWNER" }]);
    await inviteMember(prisma, { id: admin.id, isInstanceAdmin: true }, team.id, {
      email: "cy@partner.test",
      role: "ADMIN",
    });
    const invited = await admitSsoUser(prisma, profile("sub-z", "cy@partner.test"), []);
    expect(await prisma.membership.findFirst({ where: { userId: invited.id, teamId: team.id } })).toMatchObject({
      role: "ADMIN",
    });
  });

  it.each([
    ["two SSO sign-ins", () => admitSsoUser(prisma, profile("sub-b", "b@corp.test"), [])],
    [
      "an SSO sign-in and a password sign-up",
      () => registerUser(prisma, { name: "B", email: "b@corp.test", password }),
    ],
  ])("finding (low): only one of %s racing on an empty instance becomes admin", async (_, second) => {
    await Promise.allSettled([admitSsoUser(prisma, profile("sub-a", "a@corp.test"), []), second()]);
    expect(await prisma.user.count({ where: { isInstanceAdmin: true } })).toBe(1);
  });

  it("refuses unverified e-mail addresses", async () => {
    await expect(
      admitSsoUser(prisma, { subject: "s", email: "a@corp.test", emailVerified: false, name: null }, ["corp.test"]),
    ).rejects.toThrow(/verified e-mail/);
  });
});
