"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/server/db.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { env } from "@/env";
import { rateLimits } from "@/server/rate-limit/index.ts";
import { acceptInvitation } from "./lib/accept-invitation.ts";
import { changeMemberRole } from "./lib/change-member-role.ts";
import { createTeam } from "./lib/create-team.ts";
import { inviteMember } from "./lib/invite-member.ts";
import { removeMember } from "./lib/remove-member.ts";
import { revokeRetiredCredentials } from "./lib/retire-member-credentials.ts";
import { revokeInvitation } from "./lib/revoke-invitation.ts";
import { createOAuthDependencies } from "@/modules/connectors/lib/create-oauth-dependencies.ts";
import { formActionArgs, idSchema, parseInput } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";
import { teamRoleSchema } from "./lib/team-schemas.ts";

const invitationTokenSchema = z.string().min(1).max(200);

export const createTeamAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const result = await runAction(() => createTeam(db(), user, form.get("name")));
  if (result.ok) redirect(`/teams/${result.data.slug}`);
  return result;
});

export const inviteMemberAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  return runAction(async () => {
    const teamId = parseInput(idSchema.nullable(), form.get("teamId") || null);
    const { invitation, token } = await inviteMember(db(), user, teamId, {
      email: form.get("email"),
      role: form.get("role"),
    });
    revalidatePath(teamId ? "/teams/[slug]" : "/admin", "page");
    return { email: invitation.email, link: new URL(`/invite/${token}`, env().NEXTAUTH_URL).toString() };
  });
});

export const changeRoleAction = validatedAction(
  z.tuple([idSchema, idSchema, z.string().pipe(teamRoleSchema)]),
  async (teamId, userId, role) => {
    const user = await requireUser();
    const result = await runAction(async () => {
      const { retiredConnectorIds } = await changeMemberRole(db(), user, teamId, userId, role);
      await revokeRetiredCredentials(createOAuthDependencies(), user, teamId, retiredConnectorIds);
    }, "Role updated.");
    revalidatePath("/teams/[slug]", "page");
    return result;
  },
);

export const removeMemberAction = validatedAction(z.tuple([idSchema, idSchema]), async (teamId, userId) => {
  const user = await requireUser();
  const result = await runAction(async () => {
    const { retiredConnectorIds } = await removeMember(db(), user, teamId, userId);
    await revokeRetiredCredentials(createOAuthDependencies(), user, teamId, retiredConnectorIds);
  }, "Member removed.");
  revalidatePath("/teams/[slug]", "page");
  return result;
});

export const revokeInvitationAction = validatedAction(z.tuple([idSchema]), async (invitationId) => {
  const user = await requireUser();
  const result = await runAction(() => revokeInvitation(db(), user, invitationId), "Invitation revoked.");
  revalidatePath("/", "layout");
  return result;
});

export const acceptInvitationAction = validatedAction(z.tuple([invitationTokenSchema]), async (token) => {
  const user = await requireUser();
  const result = await runAction(async () => {
    await rateLimits().enforce("invitationAccept", user.id);
    return acceptInvitation(db(), user, token);
  });
  if (result.ok) redirect(result.data ? `/teams/${result.data.slug}` : "/catalog");
  return result;
});
