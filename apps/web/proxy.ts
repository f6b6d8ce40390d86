import { REQUEST_ID_HEADER, requestIdFrom } from "@switchboard/observability/request-id";
import { type NextRequest, NextResponse } from "next/server";
import { env, isDevelopment } from "@/env";
import { contentSecurityPolicy, createNonce, securityHeaders } from "@/server/security-headers.ts";

/**
 * Gives every request an id (the caller's, if it is a plain token): pages, actions and routes log
 * it, errors show it, and the response carries it back so a user's report finds the log lines.
 * Every response also gets the security headers, with a per-request nonce in its
 * Content-Security-Policy; the policy is set on the request too, where Next reads the nonce from.
 */
export function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const https = new URL(env().NEXTAUTH_URL).protocol === "https:";
  const policy = contentSecurityPolicy({ nonce: createNonce(), https, development: isDevelopment });
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  response.headers.set("content-security-policy", policy);
  for (const [name, value] of Object.entries(securityHeaders({ https }))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
