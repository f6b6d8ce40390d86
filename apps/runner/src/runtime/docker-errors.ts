export function isNotFound(error: unknown): boolean {
  return getStatusCode(error) === 404;
}

export function isConflict(error: unknown): boolean {
  return getStatusCode(error) === 409;
}

/** Docker answers 304 to stopping a container that is not running. */
export function isNotModified(error: unknown): boolean {
  return getStatusCode(error) === 304;
}

function getStatusCode(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "statusCode" in error && typeof error.statusCode === "number"
    ? error.statusCode
    : undefined;
}

/** The Docker engine itself does not answer (stopped, restarting, socket gone), as opposed to an API error. */
export function isEngineUnreachable(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  return code === "ENOENT" || code === "ECONNREFUSED" || code === "ECONNRESET" || code === "EPIPE";
}
