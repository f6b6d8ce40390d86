import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
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

function isInputRequired(result: unknown): result is Record<string, unknown> {
  return (
    typeof result === "object" &&
    result !== null &&
    (result as { resultType?: unknown }).resultType === "input_required"
  );
}

/**
 * Completes a multi round-trip request (MCP 2026-07-28) for a 2025 session client, which cannot
 * carry `input_required` results: each embedded request goes to the client over its session
 * (`input.ask`), and the upstream is asked again with the answers and its request state, up to
 * MAX_INPUT_ROUNDS rounds. A round that only carries request state is retried with nothing asked.
 * The request state never leaves the gateway: it goes back to the upstream that issued it, within
 * the call of the client (and token) it was issued to. `resultOf` finds the result in an answer
 * (by default a JSON-RPC response's).
 */
export async function fulfilInputRequired<Answer = JsonRpcResponse>(
  first: Answer,
  input: ClientInput | undefined,
  retry: (roundTrip: Record<string, unknown>) => Promise<Answer>,
  signal: AbortSignal,
  resultOf: (answer: Answer) => unknown = (answer) => (answer as { result?: unknown }).result,
): Promise<Answer> {
  let response = first;
  for (let round = 1; ; round += 1) {
    const result = resultOf(response);
    if (!isInputRequired(result)) return response;
    if (round > MAX_INPUT_ROUNDS) {
      throw new InputRequiredFailure(
        `The connector asked for input more than ${MAX_INPUT_ROUNDS} times in one call; the gateway stopped asking.`,
      );
    }
    const { inputRequests, requestState } = result;
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
}

/**
 * `prompts/get` or `resources/read` for a 2025 session client (`send` makes one upstream request
 * with extra params): input the upstream asks for is fulfilled as for tools, and a failure is a
 * JSON-RPC error, as these methods have no tool errors.
 */
export async function fulfilSessionRequest<Result>(
  send: (extraParams: Record<string, unknown> | undefined) => Promise<Result>,
  input: ClientInput | undefined,
  signal: AbortSignal,
): Promise<Result> {
  try {
    return await fulfilInputRequired(await send(declareClientInput(input)), input, send, signal, (result) => result);
  } catch (error) {
    if (error instanceof InputRequiredFailure) throw new McpError(ErrorCode.InternalError, error.message);
    throw error;
  }
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
