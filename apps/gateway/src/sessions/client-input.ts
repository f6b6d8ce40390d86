import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CreateMessageResultSchema,
  ElicitResultSchema,
  ListRootsResultSchema,
  type ClientCapabilities,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";

/** What an upstream's `input_required` result embeds: a request for the client, keyed by the upstream. */
export interface InputRequest {
  method: string;
  params?: Record<string, unknown>;
}

/**
 * A 2025 session client that can be asked for input: the upstream's embedded requests go to it as
 * server-to-client requests over its session (see tools/fulfil-input-required.ts).
 */
export interface ClientInput {
  /** The client's capabilities for the upstream's request `_meta`, so it asks only for input the client can give. */
  capabilities: ClientCapabilities;
  /** Sends one embedded request to the client and returns its answer. */
  ask(request: InputRequest, signal: AbortSignal): Promise<unknown>;
}

/** The requests a 2026-07-28 upstream may embed, each with the client capability it needs. */
const RESULT_SCHEMAS = {
  "elicitation/create": ElicitResultSchema,
  "sampling/createMessage": CreateMessageResultSchema,
  "roots/list": ListRootsResultSchema,
} as const;
const CAPABILITIES = ["elicitation", "sampling", "roots"] as const;

/**
 * A person may take their time with a form; the SDK's 60 s request default would cut them off.
 * The same bound as the v2 SDK server's own fulfilment of these requests for 2025 clients.
 */
export const ANSWER_TIMEOUT_MS = 10 * 60_000;

/** Whether a client declared a way to be asked for input (elicitation, sampling or roots). */
export function canGiveInput(capabilities: Readonly<Record<string, unknown>> | undefined): boolean {
  return CAPABILITIES.some((capability) => capabilities?.[capability] !== undefined);
}

/**
 * How the session server asks its client for input while it answers the request `requestId`: on
 * that request's own event stream (`relatedRequestId`), as the spec has a server do. Undefined when
 * the client declared none of the capabilities.
 */
export function createClientInput(server: Server, requestId: RequestId): ClientInput | undefined {
  const declared = server.getClientCapabilities();
  if (!canGiveInput(declared)) return undefined;
  const capabilities = Object.fromEntries(
    CAPABILITIES.filter((capability) => declared?.[capability] !== undefined).map((capability) => [
      capability,
      declared?.[capability],
    ]),
  );
  return {
    capabilities,
    async ask({ method, params }, signal) {
      if (!(method in RESULT_SCHEMAS)) {
        throw new Error(`the connector asked for '${method}', which is not a kind of input MCP defines`);
      }
      // The SDK refuses a method whose capability the client did not declare, with a message naming it.
      return server.request(
        { method: method as keyof typeof RESULT_SCHEMAS, params: params ?? {} } as never,
        RESULT_SCHEMAS[method as keyof typeof RESULT_SCHEMAS],
        { relatedRequestId: requestId, signal, timeout: ANSWER_TIMEOUT_MS },
      );
    },
  };
}
