import { CLIENT_CAPABILITIES_META_KEY, type ServerContext } from "@modelcontextprotocol/server";

/**
 * What a 2026-07-28 request of the multi round-trip methods (`tools/call`, `prompts/get`,
 * `resources/read`) carries for the upstream besides its own params: the client's answers to an
 * `input_required` result and the server's opaque request state (both echoed as they came: the
 * gateway routes the retry by name to the same upstream, which alone can read them), and the
 * client's capabilities, so the upstream asks only for input the client can give.
 */
export function readRoundTripParams({ mcpReq }: ServerContext): Record<string, unknown> {
  const requestState = mcpReq.requestState<string>();
  // The envelope is keyed by its wire names.
  const envelope = mcpReq.envelope as Record<string, unknown> | undefined;
  const capabilities = envelope?.[CLIENT_CAPABILITIES_META_KEY];
  return {
    ...(mcpReq.inputResponses ? { inputResponses: mcpReq.inputResponses } : {}),
    ...(requestState !== undefined ? { requestState } : {}),
    ...(capabilities ? { _meta: { [CLIENT_CAPABILITIES_META_KEY]: capabilities } } : {}),
  };
}
