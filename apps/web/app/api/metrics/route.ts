import { serveMetrics } from "@switchboard/observability";
import { env } from "@/env";
import { metricsRegistry } from "@/server/metrics.ts";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const { status, contentType, body } = await serveMetrics(
    metricsRegistry(),
    env().METRICS_TOKEN,
    request.headers.get("authorization"),
  );
  return new Response(body, { status, headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
