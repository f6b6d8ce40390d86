import type { IncomingMessage } from "node:http";
import type { PrismaClient } from "@switchboard/db";
import { getToken } from "next-auth/jwt";
import { findLiveSession } from "@/server/auth/sessions.ts";
import type { SignedInUser } from "./handle-oidc-request.ts";

/**
 * The web session of a plain Node request (the authorization server's routes run outside Next's
 * request scope): next-auth's session cookie, checked against the session table like every page.
 */
export function createSessionUserResolver(prisma: PrismaClient, secret: string, secureCookie: boolean) {
  return async (request: IncomingMessage): Promise<SignedInUser | null> => {
    const cookies = new Map(
      (request.headers.cookie ?? "")
        .split(";")
        .map((part) => part.trim().split("=") as [string, ...string[]])
        .filter(([name]) => name)
        .map(([name, ...value]) => [name, decodeURIComponent(value.join("="))]),
    );
    // Only the cookie counts: no `Authorization` header fallback.
    const token = await getToken({ req: { cookies, headers: {} } as never, secret, secureCookie });
    if (typeof token?.sid !== "string") return null;
    const session = await findLiveSession(prisma, token.sid);
    return session ? { id: session.user.id, sessionId: session.id } : null;
  };
}
