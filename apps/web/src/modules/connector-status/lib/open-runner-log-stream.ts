import "server-only";
import { env } from "@/env";
import { AppError } from "@/server/errors.ts";
import { runnerBaseUrl } from "@/server/jobs.ts";

/** The live log stream (SSE) of one connector from the runner that owns it; the caller has checked access. */
export async function openRunnerLogStream(
  connector: { id: string; runnerId: string | null },
  signal: AbortSignal,
): Promise<Response> {
  const { RUNNER_INTERNAL_TOKEN } = env();
  if (!RUNNER_INTERNAL_TOKEN)
    throw new AppError("not_found", "Logs are unavailable: RUNNER_INTERNAL_TOKEN is not set.");
  const runner = await runnerBaseUrl(connector.runnerId);
  const upstream = await fetch(new URL(`/internal/connectors/${connector.id}/logs/stream`, runner), {
    headers: { Authorization: `Bearer ${RUNNER_INTERNAL_TOKEN}`, Accept: "text/event-stream" },
    signal,
  });
  if (!upstream.ok || !upstream.body) throw new Error(`Runner answered ${upstream.status} for logs`);
  return new Response(upstream.body, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
  });
}
