import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { env } from "@/env";
import { db } from "@/server/db.ts";
import { AppError } from "@/server/errors.ts";
import { logger } from "@/server/logger.ts";
import { admitSsoUser } from "@/modules/auth/lib/admit-sso-user.ts";
import { signInWithPassword } from "@/modules/auth/lib/sign-in-with-password.ts";
import { SESSION_MAX_AGE_SECONDS, startSession } from "./sessions.ts";

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

function userMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  logger.error({ err: error }, "sign-in failed");
  return "Sign-in failed. Try again.";
}

/**
 * next-auth with JWT cookies that carry only a session id; each request checks that session row
 * (see current-user.ts), so deleting the row signs the browser out at once.
 */
export function authOptions(): NextAuthOptions {
  const config = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "E-mail and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials) {
        try {
          const user = await signInWithPassword(db(), credentials);
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          throw new Error(userMessage(error), { cause: error });
        }
      },
    }),
  ];
  if (config.OIDC_ISSUER && config.OIDC_CLIENT_ID) {
    providers.push({
      id: "oidc",
      name: config.OIDC_DISPLAY_NAME,
      type: "oauth",
      wellKnown: `${config.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET ?? "",
      authorization: { params: { scope: "openid email profile" } },
      checks: ["pkce", "state"],
      idToken: true,
      async profile(profile: OidcProfile) {
        const user = await admitSsoUser(
          db(),
          {
            subject: profile.sub,
            email: profile.email,
            emailVerified: profile.email_verified === true,
            name: profile.name,
          },
          config.SSO_ALLOWED_DOMAINS,
        );
        return { id: user.id, email: user.email, name: user.name };
      },
    });
  }
  return {
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    logger: {
      error: (code, metadata) =>
        logger.error({ code, message: metadata instanceof Error ? metadata.message : undefined }, "next-auth"),
      warn: (code) => logger.warn({ code }, "next-auth"),
      debug: () => {},
    },
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const session = await startSession(db(), user.id, (await headers()).get("user-agent"));
          return { sub: user.id, sid: session.id };
        }
        return token;
      },
      async session({ session, token }) {
        return { expires: session.expires, sid: token.sid };
      },
    },
  };
}
