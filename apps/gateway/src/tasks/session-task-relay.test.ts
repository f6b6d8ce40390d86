import type { CallToolRequest } from "@modelcontextprotocol/sdk/types.js";
import { createTestSecretBox } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";
import { forwardToUpstreams, routesThatChange, testPrincipal } from "../testing/catalog-change.ts";
import { callToolAsTask } from "./session-task-relay.ts";
import { createTaskIds } from "./task-ids.ts";

const createdTask = (connectorId: string) => ({
  task: { taskId: `task-of-${connectorId}`, status: "working", ttl: null, createdAt: "2026-01-01T00:00:00Z", lastUpdatedAt: "2026-01-01T00:00:00Z" }, // prettier-ignore
});

describe("finding L2: the connector sealed into a task id was looked up separately from the connector that ran the call", () => {
  it("a session's task id opens to the connector the call went to, when the catalog changes during the call", async () => {
    const { routes } = await routesThatChange();
    const { pool, forwardToolCall, called } = forwardToUpstreams(createdTask);
    const taskIds = createTaskIds(createTestSecretBox());
    const request = {
      method: "tools/call",
      params: { name: "deploy__run", arguments: {}, task: { ttl: 60_000 } },
    } as CallToolRequest;

    const result = await callToolAsTask(request, new AbortController().signal, routes, forwardToolCall, {
      pool,
      taskIds,
      refreshCredential: () => Promise.resolve(),
      timeoutMs: 5_000,
    });

    expect(called).toEqual(["connector-a"]);
    const sealed = (result as unknown as { task: { taskId: string } }).task.taskId;
    expect(taskIds.open(testPrincipal, sealed)).toEqual({ connectorId: "connector-a", taskId: "task-of-connector-a" });
  });
});
