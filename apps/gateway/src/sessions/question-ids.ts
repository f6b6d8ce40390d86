import { randomUUID } from "node:crypto";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** `<instance id>:<question>`, both UUIDs: the form of every id the gateway gives its own requests. */
const QUESTION_ID = new RegExp(`^(${UUID}):${UUID}$`);

/** The instance that asked the question an answer with this id answers; undefined when the id is not one of the gateway's. */
export function askerOf(id: RequestId | undefined): string | undefined {
  return typeof id === "string" ? QUESTION_ID.exec(id)?.[1] : undefined;
}

/**
 * Gives the requests a session's SDK server sends its client (the gateway's questions: input for
 * a connector) ids unique across gateway instances that name the asking instance,
 * `<instance id>:<random>`, in place of the SDK's per-process counter, which starts at 0 on every
 * instance holding the session. Any instance that receives the answer knows from its id alone
 * where it goes (shared-sessions.ts), and an answer reaches the server only if its id is one of
 * this session's questions still waiting here, mapped back to the SDK's number: a stray, replayed
 * or misrouted answer is dropped, never taken for another question with the same number.
 * Patches the transport the server is connected to (after `connect`, which sets `onmessage`).
 */
export function tagQuestionIds(transport: Transport, instanceId: string): void {
  const waiting = new Map<string, number>();
  const tags = new Map<number, string>();
  const forget = (tag: string) => {
    tags.delete(waiting.get(tag)!);
    waiting.delete(tag);
  };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if ("method" in message && "id" in message && typeof message.id === "number") {
      const tag = `${instanceId}:${randomUUID()}`;
      waiting.set(tag, message.id);
      tags.set(message.id, tag);
      return send({ ...message, id: tag }, options).catch((error: unknown) => {
        forget(tag);
        throw error;
      });
    }
    // The SDK gives up on a question (timeout, the call aborted) by cancelling its own number.
    if ("method" in message && message.method === "notifications/cancelled" && !("id" in message)) {
      const tag = tags.get(message.params?.requestId as number);
      if (tag === undefined) return send(message, options);
      forget(tag);
      return send({ ...message, params: { ...message.params, requestId: tag } }, options);
    }
    return send(message, options);
  };
  const receive = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if ("method" in message) return receive?.(message, extra);
    const local = typeof message.id === "string" ? waiting.get(message.id) : undefined;
    if (local === undefined) return;
    forget(message.id as string);
    receive?.({ ...message, id: local } as JSONRPCMessage, extra);
  };
}
