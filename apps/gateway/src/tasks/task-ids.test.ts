import { createTestSecretBox } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import { createTaskIds } from "./task-ids.ts";

const principal: GatewayPrincipal = { tokenId: "token-1", userId: "user-1", connectorIds: null };
const task = { connectorId: "connector-1", taskId: "upstream-task-7" };

describe("finding: task ids are bound to their token and carry their connector", () => {
  it("opens a sealed id only for the token it was sealed for, and refuses forged or tampered ones", () => {
    const taskIds = createTaskIds(createTestSecretBox());
    const sealed = taskIds.seal(principal, task);

    expect(sealed).not.toContain("upstream-task-7");
    expect(sealed).toMatch(/^[\x21-\x7e]+$/); // usable verbatim as the Mcp-Name header
    expect(taskIds.open(principal, sealed)).toEqual(task);
    for (const [caller, id] of [
      [{ ...principal, tokenId: "token-2" }, sealed],
      [principal, "upstream-task-7"],
      [principal, `${sealed.slice(0, -4)}AAAA`],
    ] as const) {
      expect(taskIds.open(caller, id)).toBeUndefined();
    }
  });
});
