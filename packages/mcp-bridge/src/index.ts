// MCP plumbing shared by the runner and the gateway: the stdio bridge and its HTTP endpoint, the
// JSON-RPC-over-HTTP exchange the gateway speaks to upstreams, and the HTTP helpers both use.
export { createTokenCheck } from "./bearer-token-check.ts";
export {
  createBridgeHttpHandler,
  type BridgeHttpHandler,
  type BridgeHttpHandlerOptions,
} from "./bridge-http-handler.ts";
export { checkHealth, checkHttpHealth, type HealthCheckOptions, type HealthReport } from "./check-health.ts";
export { isConnectorId } from "./connector-id.ts";
export { limitReplyBytes } from "./limit-reply-bytes.ts";
export { exchangeJsonRpc, sendJsonRpcNotification, type JsonRpcResponse } from "./json-rpc-over-http.ts";
export { proxyToHttpServer, UpstreamUnavailableError, type HttpTarget } from "./proxy-to-http-server.ts";
export { BodyError, readJsonBody, readRequestBody } from "./read-request-body.ts";
export { sendJson } from "./send-json.ts";
export { BridgeSession, StdioBridge } from "./stdio-bridge.ts";
export { StdioContainerTransport, type StdioStreams } from "./stdio-container-transport.ts";
export { createPooledPost, DEFAULT_MAX_REPLY_BYTES, type HttpPost, type HttpReply } from "./upstream-http.ts";
