import { CLIENT_CAPABILITIES_META_KEY, type ServerContext } from "@modelcontextprotocol/server";

/**
 * What a 2026-07-28 request of the multi round-trip methods (`tools/call`, `prompts/get`,
 * `resources/read`) carries for the upstream besides its own params: the client's answers to an
 * `input_required` result and the server's opaque request state (both echoed as they came: the
 * gateway routes the retry by name to the same upstream, which alone can read them), and the
 * client's capabilities, so the upstream asks only for input the client can give.
 */
export function readRoundTripParams({ mcpReq }: ServerContext): Record<string, unknown> {
  // The envelope is keyed by its wire names.
  const envelope = mcpReq.envelope as Record<string, unknown> | undefined;
  return composeRoundTripParams({
    inputResponses: mcpReq.inputResponses,
    requestState: mcpReq.requestState<string>(),
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
