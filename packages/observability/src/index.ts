export { createLogger, type LoggerOptions, REDACTED_PATHS } from "./create-logger.ts";
export {
  type AppName,
  createGatewayMetrics,
  type GatewayMetrics,
  createJobMetrics,
  createMetricsRegistry,
  createRefreshMetrics,
  createScrapedGauge,
  type GaugeSample,
} from "./metrics.ts";
export { type MetricsResponse, serveMetrics } from "./metrics-endpoint.ts";
export { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.ts";
export type { Registry } from "prom-client";
