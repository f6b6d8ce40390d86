export type DependencyCheck = () => Promise<unknown>;

export interface DependencyReport {
  ok: boolean;
  checks: Record<string, "ok" | "failing">;
}

const CHECK_TIMEOUT_MS = 3_000;

/** Runs every check with a timeout; the runner is healthy only when Postgres, Redis and Docker all answer. */
export async function checkDependencies(checks: Record<string, DependencyCheck>): Promise<DependencyReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const timeout = AbortSignal.timeout(CHECK_TIMEOUT_MS);
      const timedOut = new Promise((_, reject) => timeout.addEventListener("abort", () => reject(timeout.reason)));
      const ok = await Promise.race([check(), timedOut]).then(
        () => true,
        () => false,
      );
      return [name, ok ? "ok" : "failing"] as const;
    }),
  );
  return { ok: results.every(([, state]) => state === "ok"), checks: Object.fromEntries(results) };
}
