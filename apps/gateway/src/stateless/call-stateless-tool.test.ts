import { createTestSecretBox } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";
import { createTaskIds } from "../tasks/task-ids.ts";
import { forwardToUpstreams, routesThatChange, testPrincipal } from "../testing/catalog-change.ts";
import { callStatelessTool } from "./call-stateless-tool.ts";
import { createRequestStateSeal } from "./request-state-seal.ts";

const secretBox = createTestSecretBox();
const taskIds = createTaskIds(secretBox);
const requestStates = createRequestStateSeal(secretBox);
const createdTask = (connectorId: string) => ({ resultType: "task", taskId: `task-of-${connectorId}`, status: "working" }); // prettier-ignore
const statesOf = (connectorId: string) =>
  requestStates.bind({ connectorId, principal: testPrincipal, method: "tools/call", name: "deploy__run" });

describe("finding L2: the connector sealed into a task id was looked up separately from the connector that ran the call", () => {
  it("a 2026-07-28 task id and request state open to the connector the call went to, when the catalog changes during the call", async () => {
    const { routes } = await routesThatChange();
    const { forwardToolCall, called } = forwardToUpstreams((connectorId) => ({
      ...createdTask(connectorId),
      requestState: `state-of-${connectorId}`,
    }));
    // The client's request state, sealed for connector A when it was asked for input.
    const sent = statesOf("connector-a").seal("state-of-connector-a");
    const opened: (string | undefined)[] = [];

    const result = await callStatelessTool(
      {
        routes,
        name: "deploy__run",
        arguments: {},
        signal: new AbortController().signal,
        readRoundTrip: (states) => (opened.push(states.open(sent)), {}),
      },
      { forwardToolCall, requestStates, taskIds },
    );

    expect(called).toEqual(["connector-a"]);
    expect(opened).toEqual(["state-of-connector-a"]);
    const { taskId, requestState } = result as unknown as { taskId: string; requestState: string };
    expect(taskIds.open(testPrincipal, taskId)).toEqual({ connectorId: "connector-a", taskId: "task-of-connector-a" });
    expect(statesOf("connector-a").open(requestState)).toBe("state-of-connector-a");
  });

  it("a task the fast path created is sealed to the connector the fast path called, though the catalog changed since", async () => {
    const { routes, first } = await routesThatChange();
    // The fast path's own read of the routes.
    await routes.current();
    const { forwardToolCall, called } = forwardToUpstreams(createdTask);
    const answer = await forwardToolCall({ routes, catalog: first, name: "deploy__run", arguments: {}, signal: new AbortController().signal, roundTrip: {} }); // prettier-ignore

    const result = await callStatelessTool(
      {
        routes,
        name: "deploy__run",
        arguments: {},
        signal: new AbortController().signal,
        readRoundTrip: () => ({}),
        outcome: { catalog: first, answer: () => Promise.resolve(answer) },
      },
      { forwardToolCall, requestStates, taskIds },
    );

    expect(called).toEqual(["connector-a"]);
    const { taskId } = result as unknown as { taskId: string };
    expect(taskIds.open(testPrincipal, taskId)).toEqual({ connectorId: "connector-a", taskId: "task-of-connector-a" });
  });
});
