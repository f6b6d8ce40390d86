export type AppErrorCode = "invalid_input" | "unauthenticated" | "forbidden" | "not_found" | "conflict";

const httpStatusByCode: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
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
