import "server-only";
import { AppError } from "./errors.ts";
import { requestLogger } from "./request-logger.ts";

export type ActionResult<T = undefined> =
  { ok: true; data: T; message?: string } | { ok: false; error: string; fieldErrors: Record<string, string> };

/** Runs a server action's body; user-safe errors become form errors, anything else is logged and hidden. */
export async function runAction<T>(body: () => Promise<T>, message?: string): Promise<ActionResult<T>> {
  try {
    const data = await body();
    return message ? { ok: true, data, message } : { ok: true, data };
  } catch (error) {
    // redirect() and notFound() work by throwing; let Next handle them.
    if (
      error instanceof Error &&
      "digest" in error &&
      String((error as { digest: unknown }).digest).startsWith("NEXT_")
    )
      throw error;
    if (error instanceof AppError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    const { requestId, log } = await requestLogger();
    log.error({ err: error }, "server action failed");
    return {
      ok: false,
      error: `Something went wrong. Try again, or ask an admin to check the logs (request ${requestId ?? "unknown"}).`,
      fieldErrors: {},
    };
  }
}
