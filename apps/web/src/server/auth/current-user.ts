import "server-only";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/server/db.ts";
import { authOptions } from "./auth-options.ts";
import { findLiveSession } from "./sessions.ts";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  isInstanceAdmin: boolean;
  sessionId: string;
}

/** The signed-in user of this request, checked against the session table (revocation is immediate). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.sid) return null;
  const live = await findLiveSession(db(), session.sid);
  if (!live) return null;
  const { user } = live;
  return { id: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin, sessionId: live.id };
});

export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** The signed-in instance admin; anyone else gets a 404, so admin pages do not reveal they exist. */
export async function requireInstanceAdminUser(): Promise<CurrentUser> {
  const user = await requireUser();
  if (!user.isInstanceAdmin) notFound();
  return user;
}
