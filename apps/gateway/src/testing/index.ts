// What tests and benchmarks outside the gateway may use of it: the gateway factory and its test
// harnesses. Imported as `@switchboard/gateway/testing`.
export { createGateway } from "../create-gateway.ts";
export { createEchoServer, echoTool } from "./echo-server.ts";
export { closeServer, createGatewayToken, internalToken, listen } from "./gateway-over-bridge.ts";
export { startGatewayProcess } from "./gateway-process.ts";
export { startGatewayHarness } from "./harness.ts";
export { startV2StatelessServer } from "./v2-stateless-server.ts";
export { postInitialize, probeGateway } from "./probe-gateway.ts";
