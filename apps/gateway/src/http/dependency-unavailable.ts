/** Socket failures, Postgres "cannot serve now" SQLSTATEs and Prisma's "database unreachable" codes. */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
  "57P01",
  "57P02",
  "57P03",
  "53300",
  // Can't reach the server, timed out, server closed the connection, pool timeout
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
]);

// node-postgres reports a dropped or unopenable connection without a code.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection/i;

/** Thrown where the gateway itself finds a dependency (Redis) unreachable: answered 503 like the database's errors. */
export class DependencyUnavailableError extends Error {}

/**
 * Whether an error means a dependency (the database) cannot be reached right now, rather than a
 * bug: such a request is answered 503 with Retry-After. Follows `cause` chains and aggregated
 * errors, where drivers keep the socket error.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  if (error instanceof DependencyUnavailableError) return true;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
  if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDependencyUnavailable(inner, depth + 1))) return true;
  return isDependencyUnavailable(cause, depth + 1);
}
