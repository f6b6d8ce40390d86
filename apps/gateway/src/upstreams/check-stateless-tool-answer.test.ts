import { describe, expect, it } from "vitest";
import { checkStatelessToolAnswer, InvalidUpstreamAnswerError } from "./check-stateless-tool-answer.ts";

const answer = (result: Record<string, unknown>) => ({ jsonrpc: "2.0" as const, id: "sb-client-1", result });

describe("checkStatelessToolAnswer", () => {
  it("returns complete and input_required results and JSON-RPC errors as they came", () => {
    for (const checked of [
      answer({ resultType: "complete", content: [{ type: "text", text: "hi" }], _meta: { "example.com/x": 1 }, extra: true }), // prettier-ignore
      answer({ resultType: "input_required", inputRequests: { confirm: { method: "elicitation/create" } } }),
      answer({ resultType: "input_required", requestState: "retry" }),
      { jsonrpc: "2.0" as const, id: "sb-client-1", error: { code: -32602, message: "Unknown tool" } },
    ]) {
      expect(checkStatelessToolAnswer(checked)).toBe(checked);
    }
  });

  it("refuses what the v2 SDK client refuses, naming the rule and not the upstream's text", () => {
    for (const refused of [
      answer({ content: [{ type: "text", text: "secret" }] }), // no resultType
      answer({ resultType: "task", task: { taskId: "t" } }), // a task the client did not opt into
      answer({ resultType: "complete", content: "secret" }),
      answer({ resultType: "input_required" }), // neither a question nor state
      { jsonrpc: "2.0" as const, id: "sb-client-1", error: { code: 1.5, message: "secret" } },
    ]) {
      expect(() => checkStatelessToolAnswer(refused)).toThrow(InvalidUpstreamAnswerError);
      expect(() => checkStatelessToolAnswer(refused)).not.toThrow(/secret/);
    }
  });
});
