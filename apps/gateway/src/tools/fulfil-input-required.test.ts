import type { JsonRpcResponse } from "@switchboard/mcp-bridge";
import { describe, expect, it } from "vitest";
import type { ClientInput, InputRequest } from "../sessions/client-input.ts";
import { fulfilInputRequired, InputRequiredFailure, MAX_INPUT_ROUNDS } from "./fulfil-input-required.ts";

const signal = new AbortController().signal;
const capabilities = { elicitation: { form: {} } };
const confirm = { method: "elicitation/create", params: { message: "Sure?", requestedSchema: { type: "object" } } };

function answer(result: Record<string, unknown>): JsonRpcResponse {
  return { jsonrpc: "2.0", id: 1, result };
}

function inputRequired(inputRequests?: Record<string, InputRequest>, requestState?: string): JsonRpcResponse {
  return answer({
    resultType: "input_required",
    ...(inputRequests && { inputRequests }),
    ...(requestState && { requestState }),
  });
}

/** A client that records what it was asked and answers by the request's method. */
function createClient(reply: (request: InputRequest) => unknown = () => ({ action: "accept", content: {} })) {
  const asked: InputRequest[] = [];
  const input: ClientInput = {
    capabilities,
    async ask(request) {
      asked.push(request);
      return reply(request);
    },
  };
  return { input, asked };
}

describe("fulfilInputRequired", () => {
  it("asks the client for every embedded request and retries with the answers, the request state and its capabilities", async () => {
    const { input, asked } = createClient((request) =>
      request.method === "roots/list" ? { roots: [] } : { action: "accept", content: { ok: true } },
    );
    const retries: Record<string, unknown>[] = [];
    const final = answer({ content: [] });

    const result = await fulfilInputRequired(
      inputRequired({ confirm, roots: { method: "roots/list" } }, "state-1"),
      input,
      async (roundTrip) => (retries.push(roundTrip), final),
      signal,
    );

    expect(result).toBe(final);
    expect(asked.map((request) => request.method).sort()).toEqual(["elicitation/create", "roots/list"]);
    expect(retries).toEqual([
      {
        _meta: { "io.modelcontextprotocol/clientCapabilities": capabilities },
        inputResponses: { confirm: { action: "accept", content: { ok: true } }, roots: { roots: [] } },
        requestState: "state-1",
      },
    ]);
  });

  it("retries a round of request state only without asking, even for a client that cannot be asked", async () => {
    const retries: Record<string, unknown>[] = [];

    await fulfilInputRequired(
      inputRequired(undefined, "later"),
      undefined,
      async (roundTrip) => (retries.push(roundTrip), answer({ content: [] })),
      signal,
    );

    expect(retries).toEqual([{ requestState: "later" }]);
  });

  it(`gives up with a clear failure after ${MAX_INPUT_ROUNDS} rounds of an upstream that keeps asking`, async () => {
    const { input, asked } = createClient();

    await expect(
      fulfilInputRequired(inputRequired({ confirm }), input, async () => inputRequired({ confirm }), signal),
    ).rejects.toThrow(new InputRequiredFailure(`The connector asked for input more than ${MAX_INPUT_ROUNDS} times in one call; the gateway stopped asking.`)); // prettier-ignore
    expect(asked).toHaveLength(MAX_INPUT_ROUNDS);
  });

  it("fails clearly for a client that declared no way to be asked, and when the client's answer fails", async () => {
    await expect(fulfilInputRequired(inputRequired({ confirm }), undefined, async () => answer({}), signal)).rejects.toThrow(/declared no elicitation, sampling or roots capability/); // prettier-ignore
    const { input } = createClient(() => {
      throw new Error("Client does not support sampling");
    });
    await expect(
      fulfilInputRequired(
        inputRequired({ draft: { method: "sampling/createMessage", params: {} } }),
        input,
        async () => answer({}),
        signal,
      ),
    ).rejects.toThrow("The connector asked this client for input (sampling/createMessage), which failed: Client does not support sampling"); // prettier-ignore
  });

  it("passes any other answer (a result or a JSON-RPC error) through untouched", async () => {
    const error: JsonRpcResponse = { jsonrpc: "2.0", id: 1, error: { code: -32602, message: "bad" } };
    const { input, asked } = createClient();

    expect(await fulfilInputRequired(error, input, async () => answer({}), signal)).toBe(error);
    expect(asked).toEqual([]);
  });
});
