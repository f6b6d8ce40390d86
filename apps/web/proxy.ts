import { REQUEST_ID_HEADER, requestIdFrom } from "@switchboard/observability/request-id";
import { type NextRequest, NextResponse } from "next/server";

/**
 * Gives every request an id (the caller's, if it is a plain token): pages, actions and routes log
 * it, errors show it, and the response carries it back so a user's report finds the log lines.
 */
export function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
