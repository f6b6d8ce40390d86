import "server-only";
import { REQUEST_ID_HEADER } from "@switchboard/observability/request-id";
import { headers } from "next/headers";
import { logger } from "./logger.ts";

/** The logger for the current request, carrying the id proxy.ts gave it. */
export async function requestLogger(requestHeaders?: Headers) {
  const requestId = (requestHeaders ?? (await currentHeaders()))?.get(REQUEST_ID_HEADER) ?? undefined;
  return { requestId, log: logger.child({ requestId }) };
}

/** Outside a request (scripts, tests calling server code directly) there are no headers. */
async function currentHeaders(): Promise<Headers | undefined> {
  try {
    return new Headers(await headers());
  } catch {
    return undefined;
  }
}
