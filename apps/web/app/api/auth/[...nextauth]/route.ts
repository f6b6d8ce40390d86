import NextAuth from "next-auth";
import { env } from "@/env";
import { limitPasswordSignIn } from "@/modules/auth/lib/limit-password-sign-in.ts";
import { authOptions } from "@/server/auth/auth-options.ts";
import { rateLimits } from "@/server/rate-limit/index.ts";

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// next-auth reads its options per request so configuration errors surface as a clear 500, not at build time.
const handler: Handler = async (request, context) => {
  const config = env();
  const signInPage = new URL("/sign-in", config.NEXTAUTH_URL).toString();
  const limited = await limitPasswordSignIn(request, rateLimits().enforce, signInPage, config.TRUSTED_PROXY_HOPS);
  return limited ?? (NextAuth(authOptions()) as Handler)(request, context);
};

export { handler as GET, handler as POST };
