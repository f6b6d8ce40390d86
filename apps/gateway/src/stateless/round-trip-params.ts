import { CLIENT_CAPABILITIES_META_KEY, type ServerContext } from "@modelcontextprotocol/server";
import type { BoundRequestStates } from "./request-state-seal.ts";

/**
 * What a 2026-07-28 request of the multi round-trip methods (`tools/call`, `prompts/get`,
 * `resources/read`) carries for the upstream besides its own params: the client's answers to an
 * `input_required` result (echoed as they came: the gateway routes the retry by name to the same
 * upstream, which alone can read them), the upstream's request state, opened from the seal the
 * gateway gave the client (`sealRequestState`; a state that fails to open refuses the request),
 * and the client's capabilities, so the upstream asks only for input the client can give.
 */
export function readRoundTripParams({ mcpReq }: ServerContext, states: BoundRequestStates): Record<string, unknown> {
  // The envelope is keyed by its wire names.
  const envelope = mcpReq.envelope as Record<string, unknown> | undefined;
  const sealed = mcpReq.requestState<string>();
  return composeRoundTripParams({
    inputResponses: mcpReq.inputResponses,
    requestState: sealed === undefined ? undefined : states.open(sealed),
    capabilities: envelope?.[CLIENT_CAPABILITIES_META_KEY],
  });
}

/** The same params from their parts (the fast path reads the capabilities straight from `_meta`). */
export function composeRoundTripParams({
  inputResponses,
  requestState,
  capabilities,
}: {
  inputResponses?: unknown;
  requestState?: string | undefined;
  capabilities: unknown;
}): Record<string, unknown> {
  return {
    ...(inputResponses ? { inputResponses } : {}),
    ...(requestState !== undefined ? { requestState } : {}),
    ...(capabilities ? { _meta: { [CLIENT_CAPABILITIES_META_KEY]: capabilities } } : {}),
  };
}

/** An upstream's result as the 2026-07-28 client gets it: an `input_required` result's state sealed. */
export function sealRequestState<T extends object>(result: T, states: BoundRequestStates): T {
  const { requestState } = result as { requestState?: unknown };
  return typeof requestState === "string" ? { ...result, requestState: states.seal(requestState) } : result;
}
