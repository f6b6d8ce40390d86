import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import pino from "pino";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import { SessionRoutes, type ToolCatalog } from "../sessions/session-routes.ts";
import { createToolCallForwarder, type ForwardToolCall } from "../tools/forward-tool-call.ts";
import type { UsageRecorder } from "../tools/record-usage.ts";
import type { VisibleConnector } from "../tools/visible-connectors.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";

// Unit-test parts for a catalog that changes in the middle of a tool call (a prefix moving from
// one connector to another), with upstreams that answer every call alike.

export const testPrincipal: GatewayPrincipal = { tokenId: "token-1", userId: "user-1", connectorIds: null };

const taskTool = { name: "run", inputSchema: { type: "object" }, execution: { taskSupport: "optional" } } as Tool;

/** A catalog with one connector of this id named "Deploy" (prefix `deploy`), whose tool `run` may run as a task. */
export function catalogWith(id: string): Promise<ToolCatalog> {
  const connector: VisibleConnector = { id, name: "Deploy", location: "remote", tools: [taskTool], updatedAt: new Date(0), ready: true }; // prettier-ignore
  return new SessionRoutes(testPrincipal, () => Promise.resolve([connector])).current();
}

/**
 * Routes whose first read gives `deploy__run` on connector A and every later read on connector B,
 * as when the change watcher ticks between two reads of one call.
 */
export async function routesThatChange(): Promise<{ routes: SessionRoutes; first: ToolCatalog }> {
  const catalogs = [await catalogWith("connector-a"), await catalogWith("connector-b")] as const;
  let reads = 0;
  const routes = {
    currentPrincipal: testPrincipal,
    current: () => Promise.resolve(reads++ === 0 ? catalogs[0] : catalogs[1]),
  } as unknown as SessionRoutes;
  return { routes, first: catalogs[0] };
}

/**
 * A pool whose upstreams answer every call with `result(connectorId)`, a forwarder over it, and
 * the connectors called.
 */
export function forwardToUpstreams(result: (connectorId: string) => Record<string, unknown>) {
  const called: string[] = [];
  const pool = {
    use: (connectorId: string, operation: (connection: unknown) => Promise<unknown>) => {
      called.push(connectorId);
      return operation({ request: () => Promise.resolve({ result: result(connectorId) }) });
    },
    credentialOf: () => undefined,
    mayAskForInput: () => false,
  } as unknown as UpstreamPool;
  const forwardToolCall: ForwardToolCall = createToolCallForwarder({
    pool,
    usage: { record: () => undefined } as unknown as UsageRecorder,
    toolCalls: { inc: () => undefined } as never,
    logger: pino({ level: "silent" }),
    callTimeoutMs: 5_000,
    refreshCredential: () => Promise.resolve(),
  });
  return { pool, forwardToolCall, called };
}
