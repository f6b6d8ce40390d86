export const REDACTED = "[redacted]";

/**
 * argv as Switchboard shows or logs it: every position a launch spec marks as holding a secret
 * (`secretArgIndexes`) is replaced whole. Keeping a `--flag=` prefix would read better, but the
 * rendered argument cannot tell a literal prefix from a secret that itself looks like `--x=…`.
 * The one function for every place argv is displayed, so no place forgets a position.
 */
export function redactArgv(args: readonly string[], secretArgIndexes: readonly number[]): string[] {
  const secret = new Set(secretArgIndexes);
  return args.map((arg, index) => (secret.has(index) ? REDACTED : arg));
}
