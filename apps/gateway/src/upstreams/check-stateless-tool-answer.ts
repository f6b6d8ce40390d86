import type { JsonRpcResponse } from "@switchboard/mcp-bridge";
import { z } from "zod";

const resultMeta = z.record(z.string(), z.unknown()).optional();

/**
 * A 2026-07-28 `tools/call` result as the v2 SDK client tells its kinds apart: `resultType` is
 * required; a complete result has its content blocks, an `input_required` one asks for input or
 * carries request state (or both). Anything else (no `resultType`, a task the client did not opt
 * into, an unknown kind) is not an answer the gateway can pass on. Other fields pass as they are.
 */
const toolCallResultSchema = z.discriminatedUnion("resultType", [
  z.looseObject({
    resultType: z.literal("complete"),
    content: z.array(z.looseObject({ type: z.string() })),
    isError: z.boolean().optional(),
    _meta: resultMeta,
  }),
  z
    .looseObject({
      resultType: z.literal("input_required"),
      inputRequests: z.record(z.string(), z.unknown()).optional(),
      requestState: z.string().optional(),
      _meta: resultMeta,
    })
    .refine(
      (result) => result.requestState !== undefined || Object.keys(result.inputRequests ?? {}).length > 0,
      "an input_required result asks for input or carries request state",
    ),
]);

const errorSchema = z.looseObject({ code: z.number().int(), message: z.string() });

/** Why an upstream's answer was refused; its message names the rule, never the upstream's text. */
export class InvalidUpstreamAnswerError extends Error {
  override readonly name = "InvalidUpstreamAnswerError";
}

/**
 * The answer of a server that speaks only 2026-07-28 to a `tools/call`, checked as the v2 SDK
 * client checks it and returned as it came (an `input_required` result included: the gateway
 * passes it to the client that asked, or fulfils it for a session client).
 */
export function checkStatelessToolAnswer(answer: JsonRpcResponse): JsonRpcResponse {
  const checked =
    "error" in answer ? errorSchema.safeParse(answer.error) : toolCallResultSchema.safeParse(answer.result);
  if (!checked.success) {
    throw new InvalidUpstreamAnswerError(
      `the upstream's tools/call answer is not valid for MCP 2026-07-28 (${checked.error.issues.map((issue) => issue.path.join(".") || "result").join(", ")})`,
    );
  }
  return answer;
}
