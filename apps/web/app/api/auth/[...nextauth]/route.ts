import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/auth-options.ts";

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// next-auth reads its options per request so configuration errors surface as a clear 500, not at build time.
const handler: Handler = (request, context) => (NextAuth(authOptions()) as Handler)(request, context);

export { handler as GET, handler as POST };
