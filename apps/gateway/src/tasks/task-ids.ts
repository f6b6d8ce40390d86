import type { SecretBox } from "@switchboard/db/crypto";
import { z } from "zod";
import type { GatewayPrincipal } from "../auth/authenticate.ts";

/** Where an upstream's task lives: the connector that created it and the id the upstream gave it. */
export interface UpstreamTask {
  connectorId: string;
  taskId: string;
}

/** What a task id seals: the connector and the upstream's own id. */
const sealedTaskSchema = z.tuple([z.string(), z.string()]);

/**
 * The task ids a 2026-07-28 client of the gateway holds. An upstream's task id goes to the client
 * sealed (AES-256-GCM by the gateway's shared encryption keys, like request states) together with
 * the connector that created it, and the caller's token bound as additional authenticated data: an
 * id forged, tampered with or used with another token fails to open, so a `tasks/*` request never
 * reaches an upstream for a task its caller did not create, and the connector it goes to is the one
 * the gateway wrote into the id, never one the client names. Sealing also keeps the upstream's own
 * id unreadable. An id carries no expiry of its own: the upstream's task lifetime (`ttlMs`) governs,
 * and an upstream refuses a task it no longer has.
 */
export function createTaskIds(secretBox: SecretBox) {
  const locationOf = (principal: GatewayPrincipal) => ({
    table: "gateway_task",
    column: "task_id",
    rowId: principal.tokenId,
  });
  return {
    seal(principal: GatewayPrincipal, task: UpstreamTask): string {
      return secretBox.seal(JSON.stringify([task.connectorId, task.taskId]), locationOf(principal));
    },
    /** The upstream task, or undefined for an id that was not sealed for this token. */
    open(principal: GatewayPrincipal, taskId: string): UpstreamTask | undefined {
      let opened: unknown;
      try {
        opened = JSON.parse(secretBox.open(taskId, locationOf(principal)));
      } catch {
        return undefined;
      }
      const sealed = sealedTaskSchema.safeParse(opened);
      return sealed.success ? { connectorId: sealed.data[0], taskId: sealed.data[1] } : undefined;
    },
  };
}

export type TaskIds = ReturnType<typeof createTaskIds>;
