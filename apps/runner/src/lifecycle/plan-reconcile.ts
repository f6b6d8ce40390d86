import type { DesiredState, ConnectorStatus } from "@switchboard/db";
import type { ManagedContainer } from "../runtime/runtime.ts";
import { planRestart } from "./plan-restart.ts";
import type { RestartPlan } from "./plan-restart.ts";

/** A start job normally moves a connector through these within seconds; longer means the job was lost. */
export const STALE_PROGRESS_MS = 2 * 60_000;

const IN_PROGRESS: ReadonlySet<ConnectorStatus> = new Set(["QUEUED", "PREPARING_IMAGE", "STARTING", "CHECKING"]);
const WAS_RUNNING: ReadonlySet<ConnectorStatus> = new Set(["RUNNING", "UNHEALTHY", "CRASH_LOOPING"]);

export interface ReconcileConnector {
  id: string;
  desiredState: DesiredState;
  status: ConnectorStatus;
  runnerId: string | null;
  restartCount: number;
  lastStartedAt: Date | null;
  updatedAt: Date;
}

export type ReconcileAction =
  | { kind: "remove"; connectorId: string }
  | { kind: "stop"; connectorId: string }
  | { kind: "adopt"; connectorId: string }
  | { kind: "start"; connectorId: string; claim: boolean }
  | { kind: "restart"; connectorId: string; plan: RestartPlan }
  | { kind: "back-off"; connectorId: string; plan: RestartPlan };

export interface ReconcileInput {
  runnerId: string;
  containers: readonly ManagedContainer[];
  /** Connectors pinned to this runner, unpinned queued ones, and those of the containers. */
  connectors: readonly ReconcileConnector[];
  /** Connectors whose container this process already started or adopted. */
  attached: ReadonlySet<string>;
  /** Connectors just taken over from a runner that is gone; their containers ran on its host. */
  adopted: ReadonlySet<string>;
  now: Date;
}

/** What it takes to make this runner's Docker host match desired state in Postgres. Pure. */
export function planReconcile({
  runnerId,
  containers,
  connectors,
  attached,
  adopted,
  now,
}: ReconcileInput): ReconcileAction[] {
  const byId = new Map(connectors.map((connector) => [connector.id, connector]));
  const containerById = new Map(containers.map((container) => [container.connectorId, container]));
  const actions: ReconcileAction[] = [];

  for (const container of containers) {
    const connector = byId.get(container.connectorId);
    const connectorId = container.connectorId;
    if (!connector || (connector.runnerId !== null && connector.runnerId !== runnerId)) {
      actions.push({ kind: "remove", connectorId });
    } else if (
      connector.desiredState === "STOPPED" &&
      (container.state === "running" || connector.status !== "STOPPED")
    ) {
      actions.push({ kind: "stop", connectorId });
    }
  }

  for (const connector of connectors) {
    if (connector.desiredState !== "RUNNING") continue;
    const connectorId = connector.id;
    const running = containerById.get(connectorId)?.state === "running";
    const stale = now.getTime() - connector.updatedAt.getTime() >= STALE_PROGRESS_MS;
    if (adopted.has(connectorId)) {
      // What ran or was starting on the old runner starts here now, without waiting or counting a crash.
      if (IN_PROGRESS.has(connector.status) || WAS_RUNNING.has(connector.status))
        actions.push(running ? { kind: "adopt", connectorId } : { kind: "start", connectorId, claim: false });
    } else if (connector.runnerId === null) {
      // Unpinned: remote connectors (no container) or a start nobody picked up.
      if (connector.status === "QUEUED" && stale) actions.push({ kind: "start", connectorId, claim: true });
    } else if (connector.runnerId !== runnerId) {
      continue;
    } else if (IN_PROGRESS.has(connector.status)) {
      if (stale) actions.push(running ? { kind: "adopt", connectorId } : { kind: "start", connectorId, claim: false });
    } else if (WAS_RUNNING.has(connector.status)) {
      if (running) {
        if (!attached.has(connectorId)) actions.push({ kind: "adopt", connectorId });
        continue;
      }
      const plan = planRestart(connector, now);
      actions.push({ kind: plan.restartAt <= now ? "restart" : "back-off", connectorId, plan });
    }
  }
  return actions;
}
