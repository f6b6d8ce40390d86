import type { SecretBox, SecretLocation } from "@switchboard/db/crypto";
import { ANSWER_TIMEOUT_MS } from "./client-input.ts";

/** Where a client's forwarded answer goes: the instance that asked, its session, and the question (id) it answers. */
export interface AnswerAddress {
  instanceId: string;
  sessionId: string;
  questionId: string;
}

/**
 * A client's answer to the gateway's question crosses Redis to the instance that asked it sealed
 * (it may hold what a user typed into a form), bound to that instance, the session and the
 * question, and expiring with the answer timeout: an envelope replayed to another instance,
 * session or question, or after the question could still be waiting, does not open.
 */
export function sealAnswer(secretBox: SecretBox, address: AnswerAddress, answer: unknown, now = Date.now()): string {
  return secretBox.seal(JSON.stringify({ answer, expiresAt: now + ANSWER_TIMEOUT_MS }), locationOf(address));
}

/** The answer in an envelope sealed for this address; throws (without the answer) when it is not, or has expired. */
export function openAnswer(secretBox: SecretBox, address: AnswerAddress, sealed: string, now = Date.now()): unknown {
  let opened: { answer?: unknown; expiresAt?: unknown };
  try {
    opened = JSON.parse(secretBox.open(sealed, locationOf(address))) as typeof opened;
  } catch {
    throw new Error("the forwarded answer was not sealed for this instance, session and question");
  }
  if (typeof opened.expiresAt !== "number" || opened.expiresAt < now) {
    throw new Error("the forwarded answer has expired");
  }
  if ((opened.answer as { id?: unknown } | undefined)?.id !== address.questionId) {
    throw new Error("the forwarded answer does not answer the question it was sealed for");
  }
  return opened.answer;
}

function locationOf({ instanceId, sessionId, questionId }: AnswerAddress): SecretLocation {
  return { table: "redis:mcp-session-answers", column: instanceId, rowId: JSON.stringify([sessionId, questionId]) };
}
