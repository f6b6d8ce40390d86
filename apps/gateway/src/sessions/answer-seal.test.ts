import { randomUUID } from "node:crypto";
import { createTestSecretBox } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";
import { openAnswer, sealAnswer } from "./answer-seal.ts";
import { ANSWER_TIMEOUT_MS } from "./client-input.ts";

const secretBox = createTestSecretBox();
const instanceId = randomUUID();
const address = { instanceId, sessionId: randomUUID(), questionId: `${instanceId}:${randomUUID()}` };
const answer = {
  jsonrpc: "2.0",
  id: address.questionId,
  result: { action: "accept", content: { password: "hunter2" } },
};

describe("finding: a client's forwarded answer was sealed without its question or an expiry", () => {
  it("opens only for the instance, session and question it was sealed for, within the answer timeout", () => {
    const now = 1_000_000;
    const sealed = sealAnswer(secretBox, address, answer, now);

    expect(sealed).not.toContain("hunter2");
    expect(openAnswer(secretBox, address, sealed, now + ANSWER_TIMEOUT_MS)).toEqual(answer);
    for (const other of [
      { ...address, instanceId: randomUUID() },
      { ...address, sessionId: randomUUID() },
      { ...address, questionId: `${address.instanceId}:${randomUUID()}` },
    ]) {
      expect(() => openAnswer(secretBox, other, sealed, now)).toThrow(
        "the forwarded answer was not sealed for this instance, session and question",
      );
    }
    expect(() => openAnswer(secretBox, address, sealed, now + ANSWER_TIMEOUT_MS + 1)).toThrow(
      "the forwarded answer has expired",
    );
  });

  it("refuses an envelope whose answer is for another question than it was sealed for", () => {
    const sealed = sealAnswer(secretBox, address, { ...answer, id: `${address.instanceId}:${randomUUID()}` });
    expect(() => openAnswer(secretBox, address, sealed)).toThrow(
      "the forwarded answer does not answer the question it was sealed for",
    );
  });
});
