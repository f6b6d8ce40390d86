/**
 * Next calls register() once when a server starts. The environment is read here, so a misconfigured
 * web (a missing setting, a too-short encryption key) stops at start with one message instead of
 * failing on the first request that needs the setting.
 */
export async function register(): Promise<void> {
  // `next build` loads server code too, without production secrets; the edge runtime has no process.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const [{ env }, { readEnvOrExit }] = await Promise.all([import("@/env"), import("@switchboard/db/env")]);
  readEnvOrExit(env);
}
