import { timingSafeEqual } from "node:crypto";
import type { Registry } from "prom-client";

export interface MetricsResponse {
  status: number;
  contentType: string;
  body: string;
}

/**
 * `GET /metrics` for Prometheus. Off unless METRICS_TOKEN is set, and then only for
 * `Authorization: Bearer <METRICS_TOKEN>`: the gateway and web are public, and counts of users'
 * connectors and calls are not for everyone.
 */
export async function serveMetrics(
  registry: Registry,
  metricsToken: string | undefined,
  authorization: string | null | undefined,
): Promise<MetricsResponse> {
  if (!metricsToken) return { status: 404, contentType: "application/json", body: '{"error":"not_found"}' };
  if (!bearerMatches(authorization, metricsToken)) {
    return { status: 401, contentType: "application/json", body: '{"error":"unauthorized"}' };
  }
  return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
}

function bearerMatches(authorization: string | null | undefined, expected: string): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "");
  const wanted = Buffer.from(expected);
  return presented.length === wanted.length && timingSafeEqual(presented, wanted);
}
