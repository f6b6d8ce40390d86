"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { db } from "@/server/db.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { env } from "@/env";
import { acceptInvitation } from "./lib/accept-invitation.ts";
import { changeMemberRole } from "./lib/change-member-role.ts";
import { createTeam } from "./lib/create-team.ts";
import { inviteMember } from "./lib/invite-member.ts";
import { removeMember } from "./lib/remove-member.ts";
import { revokeInvitation } from "./lib/revoke-invitation.ts";

export async function createTeamAction(_previous: unknown, form: FormData) {
  const user = await requireUser();
  const result = await runAction(() => createTeam(db(), user, form.get("name")));
  if (result.ok) redirect(`/teams/${result.data.slug}`);
  return result;
}

export async function inviteMemberAction(_previous: unknown, form: FormData) {
  const user = await requireUser();
  const teamId = (form.get("teamId") as string | null) || null;
  return runAction(async () => {
    const { invitation, token } = await inviteMember(db(), user, teamId, {
      email: form.get("email"),
      role: form.get("role"),
    });
    revalidatePath(teamId ? "/teams/[slug]" : "/admin", "page");
    return { email: invitation.email, link: new URL(`/invite/${token}`, env().NEXTAUTH_URL).toString() };
  });
}

export async function changeRoleAction(teamId: string, userId: string, role: string) {
  const user = await requireUser();
  const result = await runAction(() => changeMemberRole(db(), user, teamId, userId, role), "Role updated.");
  revalidatePath("/teams/[slug]", "page");
  return result;
}

export async function removeMemberAction(teamId: string, userId: string) {
  const user = await requireUser();
  const result = await runAction(() => removeMember(db(), user, teamId, userId), "Member removed.");
  revalidatePath("/teams/[slug]", "page");
  return result;
}

export async function revokeInvitationAction(invitationId: string) {
  const user = await requireUser();
  const result = await runAction(() => revokeInvitation(db(), user, invitationId), "Invitation revoked.");
  revalidatePath("/", "layout");
  return result;
}

export async function acceptInvitationAction(token: string) {
  const user = await requireUser();
  const result = await runAction(() => acceptInvitation(db(), user, token));
  if (result.ok) redirect(result.data ? `/teams/${result.data.slug}` : "/catalog");
  return result;
}
