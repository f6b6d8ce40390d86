import "server-only";
import { env } from "@/env";
import { AppError } from "@/server/errors.ts";

/** The runner's live log stream (SSE) of one installation; the caller has checked access. */
export async function openRunnerLogStream(installationId: string, signal: AbortSignal): Promise<Response> {
  const { RUNNER_URL, RUNNER_INTERNAL_TOKEN } = env();
  if (!RUNNER_INTERNAL_TOKEN)
    throw new AppError("not_found", "Logs are unavailable: RUNNER_INTERNAL_TOKEN is not set.");
  const upstream = await fetch(new URL(`/internal/installations/${installationId}/logs/stream`, RUNNER_URL), {
    headers: { Authorization: `Bearer ${RUNNER_INTERNAL_TOKEN}`, Accept: "text/event-stream" },
    signal,
  });
  if (!upstream.ok || !upstream.body) throw new Error(`Runner answered ${upstream.status} for logs`);
  return new Response(upstream.body, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
  });
}
