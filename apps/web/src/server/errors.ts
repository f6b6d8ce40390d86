export type AppErrorCode =
  "invalid_input" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "rate_limited";

const httpStatusByCode: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

/** An error whose message is safe to show to the user. Anything else is shown as a generic failure. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }
}

/** Too many attempts: HTTP callers get 429 with `Retry-After`, forms get this message. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", `Too many attempts. Try again in ${describeWait(retryAfterSeconds)}.`);
    this.name = "RateLimitedError";
  }
}

/**
 * Recognizes a RateLimitedError by its shape: Next bundles route handlers and server code in
 * separate chunks, each with its own copy of this class, so `instanceof` fails across them.
 */
export function isRateLimitedError(error: unknown): error is RateLimitedError {
  return (
    error instanceof Error &&
    (error as Partial<RateLimitedError>).code === "rate_limited" &&
    typeof (error as Partial<RateLimitedError>).retryAfterSeconds === "number"
  );
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
