import { describe, expect, it } from "vitest";
import { isJobName, parseJobPayload, queueName } from "./definitions.ts";

describe("job definitions", () => {
  it("parse valid payloads and reject invalid ones with the field named", () => {
    const id = "6f1c1f5e-8a43-4a51-9d36-0c7f1f6d2a11";
    expect(parseJobPayload("installation.start", { connectorId: id })).toEqual({ connectorId: id });
    expect(() => parseJobPayload("installation.start", { connectorId: "nope" })).toThrow(/connectorId/);
    expect(() => parseJobPayload("credential.refresh", {})).toThrow(/credentialId/);
  });

  it("know their names", () => {
    expect(isJobName("runner.reconcile")).toBe(true);
    expect(isJobName("toString")).toBe(false);
  });

  it("name a runner's own queues apart from the shared ones, without BullMQ's separator", () => {
    expect(queueName("installations")).toBe("installations");
    expect(queueName("installations", null)).toBe("installations");
    expect(queueName("installations", "runner-1")).toBe("installations.runner-1");
    expect(() => queueName("maintenance", "bad:id")).toThrow(/may not contain/);
  });
});
