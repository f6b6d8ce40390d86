import { CLIENT_CAPABILITIES_META_KEY } from "@modelcontextprotocol/server";
import type { JsonRpcResponse } from "@switchboard/mcp-bridge";
import type { ClientInput, InputRequest } from "../sessions/client-input.ts";

/** Rounds of one call before the gateway gives up on an upstream that keeps asking (the v2 SDK's own bound). */
export const MAX_INPUT_ROUNDS = 8;

/** Why a call that needed input could not be completed; its message is for the client (a tool error). */
export class InputRequiredFailure extends Error {}

/** The first round's extra params: the client's capabilities, so the upstream asks only for input it can give. */
export function declareClientInput(input: ClientInput | undefined): Record<string, unknown> | undefined {
  return input && { _meta: { [CLIENT_CAPABILITIES_META_KEY]: input.capabilities } };
}

function isInputRequired(response: JsonRpcResponse): boolean {
  return "result" in response && response.result.resultType === "input_required";
}

/**
 * Completes a multi round-trip request (MCP 2026-07-28) for a 2025 session client, which cannot
 * carry `input_required` results: each embedded request goes to the client over its session
 * (`input.ask`), and the upstream is asked again with the answers and its request state, up to
 * MAX_INPUT_ROUNDS rounds. A round that only carries request state is retried with nothing asked.
 * The request state never leaves the gateway: it goes back to the upstream that issued it, within
 * the call of the client (and token) it was issued to.
 */
export async function fulfilInputRequired(
  first: JsonRpcResponse,
  input: ClientInput | undefined,
  retry: (roundTrip: Record<string, unknown>) => Promise<JsonRpcResponse>,
  signal: AbortSignal,
): Promise<JsonRpcResponse> {
  let response = first;
  for (let round = 1; isInputRequired(response); round += 1) {
    if (round > MAX_INPUT_ROUNDS) {
      throw new InputRequiredFailure(
        `The connector asked for input more than ${MAX_INPUT_ROUNDS} times in one call; the gateway stopped asking.`,
      );
    }
    const { inputRequests, requestState } = (response as { result: Record<string, unknown> }).result;
    const requests = Object.entries((inputRequests ?? {}) as Record<string, InputRequest>);
    let inputResponses: Record<string, unknown> | undefined;
    if (requests.length > 0) {
      if (!input) {
        throw new InputRequiredFailure(
          "The connector asked this client for input (a multi round-trip request of MCP 2026-07-28), but the client declared no elicitation, sampling or roots capability. Use a client that offers them or that speaks MCP 2026-07-28.",
        );
      }
      inputResponses = Object.fromEntries(
        await Promise.all(requests.map(async ([key, request]) => [key, await askClient(input, request, signal)])),
      );
    }
    response = await retry({
      ...declareClientInput(input),
      ...(inputResponses ? { inputResponses } : {}),
      ...(typeof requestState === "string" ? { requestState } : {}),
    });
  }
  return response;
}

async function askClient(input: ClientInput, request: InputRequest, signal: AbortSignal): Promise<unknown> {
  try {
    return await input.ask(request, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputRequiredFailure(
      `The connector asked this client for input (${request.method}), which failed: ${reason}`,
    );
  }
}
