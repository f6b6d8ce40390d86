import { describe, expect, it } from "vitest";
import { SessionUpstreams, type VisibleUpstream } from "../sessions/session-upstreams.ts";
import { routesThatChange } from "../testing/catalog-change.ts";
import { aggregatePromptsAndResources } from "./aggregate-prompts-and-resources.ts";
import type { UpstreamPool } from "./upstream-pool.ts";

/** Upstreams over routes whose first read puts the `deploy` prefix on connector A and later ones on B. */
async function upstreamsThatChange() {
  const { routes } = await routesThatChange();
  const called: string[] = [];
  const client = {
    getPrompt: () => Promise.resolve({ messages: [] }),
    readResource: () => Promise.resolve({ contents: [] }),
  };
  const pool = {
    use: (connectorId: string, operation: (connection: unknown) => Promise<unknown>) => {
      called.push(connectorId);
      return operation({ client });
    },
  } as unknown as UpstreamPool;
  return { upstreams: new SessionUpstreams(pool, routes, 1_000, 1_000), called };
}

describe("review (low): a 2026-07-28 prompt or resource request's state was bound to one read of the routes and sent by another", () => {
  it("prompts/get and resources/read go to the upstream the request state was bound to, though the catalog changed since", async () => {
    const signal = new AbortController().signal;
    for (const request of [
      (aggregate: ReturnType<typeof aggregatePromptsAndResources>, upstream: VisibleUpstream) =>
        aggregate.getPrompt({ name: "deploy__brief" }, signal, {}, undefined, upstream),
      (aggregate: ReturnType<typeof aggregatePromptsAndResources>, upstream: VisibleUpstream) =>
        aggregate.readResource({ uri: "switchboard://deploy/note%3A%2F%2Fa" }, signal, {}, undefined, upstream),
    ]) {
      const { upstreams, called } = await upstreamsThatChange();
      // The read the request state is bound to (connector A).
      const bound = await upstreams.byPrefix("deploy");
      await request(aggregatePromptsAndResources(upstreams), bound);
      expect(called).toEqual(["connector-a"]);
    }
  });
});
