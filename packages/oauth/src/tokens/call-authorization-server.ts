import * as oauth from "oauth4webapi";
import { OAuthError } from "../errors.ts";
import { classifyServerError } from "./classify-server-error.ts";
import { parseRetryAfter } from "./parse-retry-after.ts";

/**
 * Sends one request to an authorization server endpoint and reads the answer. 5xx and 429
 * answers are transient (`retryable`, with `Retry-After`) whatever their body says; every other
 * failure is classified by `classifyServerError`.
 */
export async function callAuthorizationServer<Result>(
  endpoint: string,
  send: () => Promise<Response>,
  read: (response: Response) => Promise<Result>,
): Promise<Result> {
  const host = new URL(endpoint).host;
  const response = await send().catch((error: unknown) => {
    if (error instanceof oauth.OperationProcessingError && error.code === oauth.HTTP_REQUEST_FORBIDDEN) {
      throw new OAuthError("insecure_url", `Only https endpoints may be used (${host}).`);
    }
    throw error;
  });
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel();
    throw new OAuthError("temporarily_unavailable", `${host} is temporarily unavailable (HTTP ${response.status}).`, {
      status: response.status,
      retryable: true,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    });
  }
  try {
    return await read(response);
  } catch (error) {
    throw classifyServerError(error, host, response.status);
  }
}
