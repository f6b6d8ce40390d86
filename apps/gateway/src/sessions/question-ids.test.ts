import { randomUUID } from "node:crypto";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ListRootsResultSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { askerOf, tagQuestionIds } from "./question-ids.ts";

/** A session's SDK server whose transport is tagged, and the raw messages its client receives. */
async function connectTaggedServer(instanceId: string) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = new Server({ name: "tagged", version: "1.0.0" }, { capabilities: {} });
  const errors: Error[] = [];
  server.onerror = (error) => errors.push(error);
  await server.connect(serverSide);
  tagQuestionIds(serverSide, instanceId);
  const received: JSONRPCMessage[] = [];
  clientSide.onmessage = (message) => void received.push(message);
  await clientSide.start();
  const ask = (signal?: AbortSignal) =>
    server.request({ method: "roots/list" }, ListRootsResultSchema, signal ? { signal } : {});
  const answer = (id: unknown, uri: string) =>
    clientSide.send({ jsonrpc: "2.0", id, result: { roots: [{ uri }] } } as JSONRPCMessage);
  return { ask, answer, received, errors };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("finding: two instances asking one session's client at once could take each other's answers", () => {
  it("names the asking instance in each question's id, unique per question, where the SDK numbers from 0 everywhere", async () => {
    const instanceId = randomUUID();
    const { ask, received } = await connectTaggedServer(instanceId);
    void ask();
    void ask();
    await settled();

    const ids = received.map((message) => ("id" in message ? message.id : undefined));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) {
      expect(id).toMatch(new RegExp(`^${instanceId}:[0-9a-f-]{36}$`));
      expect(askerOf(id)).toBe(instanceId);
    }
    expect([askerOf(0), askerOf("0"), askerOf(`${instanceId}:0`), askerOf(undefined)]).toEqual([undefined, undefined, undefined, undefined]); // prettier-ignore
  });

  it("an answer reaches only the question its id names; the SDK's number, another instance's id or a replay reach none", async () => {
    const { ask, answer, received, errors } = await connectTaggedServer(randomUUID());
    const outcomes: string[] = [];
    const first = ask().then((result) => outcomes.push(`first: ${result.roots[0]!.uri}`));
    const second = ask().then((result) => outcomes.push(`second: ${result.roots[0]!.uri}`));
    await settled();
    const [firstId, secondId] = received.map((message) => ("id" in message ? message.id : undefined));

    await answer(0, "file:///by-number");
    await answer("1", "file:///by-number-string");
    await answer(`${randomUUID()}:${randomUUID()}`, "file:///another-instance");
    await settled();
    expect(outcomes).toEqual([]);

    await answer(secondId, "file:///second");
    await second;
    await answer(secondId, "file:///replayed");
    await answer(firstId, "file:///first");
    await first;

    expect(outcomes).toEqual(["second: file:///second", "first: file:///first"]);
    // Dropped before the SDK, which would report each answer to nothing it is waiting for.
    expect(errors).toEqual([]);
  });

  it("cancels a question the client was asked by the id it was asked with, and drops a late answer", async () => {
    const { ask, answer, received, errors } = await connectTaggedServer(randomUUID());
    const call = new AbortController();
    const asked = ask(call.signal).catch((error: unknown) => error);
    await settled();
    const [question] = received;
    call.abort("the call ended");
    await asked;
    await settled();

    expect(received[1]).toEqual({
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: (question as { id: string }).id, reason: "the call ended" },
    });
    await answer((question as { id: string }).id, "file:///late");
    await settled();
    expect(errors).toEqual([]);
  });
});
