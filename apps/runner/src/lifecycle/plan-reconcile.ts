import type { DesiredState, InstallationStatus } from "@switchboard/db";
import type { ManagedContainer } from "../runtime/runtime.ts";
import { planRestart } from "./plan-restart.ts";
import type { RestartPlan } from "./plan-restart.ts";

/** A start job normally moves an installation through these within seconds; longer means the job was lost. */
export const STALE_PROGRESS_MS = 2 * 60_000;

const IN_PROGRESS: ReadonlySet<InstallationStatus> = new Set(["QUEUED", "PREPARING_IMAGE", "STARTING", "CHECKING"]);
const WAS_RUNNING: ReadonlySet<InstallationStatus> = new Set(["RUNNING", "UNHEALTHY", "CRASH_LOOPING"]);

export interface ReconcileInstallation {
  id: string;
  desiredState: DesiredState;
  status: InstallationStatus;
  runnerId: string | null;
  restartCount: number;
  lastStartedAt: Date | null;
  updatedAt: Date;
}

export type ReconcileAction =
  | { kind: "remove"; installationId: string }
  | { kind: "stop"; installationId: string }
  | { kind: "adopt"; installationId: string }
  | { kind: "start"; installationId: string; claim: boolean }
  | { kind: "restart"; installationId: string; plan: RestartPlan }
  | { kind: "back-off"; installationId: string; plan: RestartPlan };

export interface ReconcileInput {
  runnerId: string;
  containers: readonly ManagedContainer[];
  /** Installations pinned to this runner, unpinned queued ones, and those of the containers. */
  installations: readonly ReconcileInstallation[];
  /** Installations whose container this process already started or adopted. */
  attached: ReadonlySet<string>;
  /** Installations just taken over from a runner that is gone; their containers ran on its host. */
  adopted: ReadonlySet<string>;
  now: Date;
}

/** What it takes to make this runner's Docker host match desired state in Postgres. Pure. */
export function planReconcile({
  runnerId,
  containers,
  installations,
  attached,
  adopted,
  now,
}: ReconcileInput): ReconcileAction[] {
  const byId = new Map(installations.map((installation) => [installation.id, installation]));
  const containerById = new Map(containers.map((container) => [container.installationId, container]));
  const actions: ReconcileAction[] = [];

  for (const container of containers) {
    const installation = byId.get(container.installationId);
    const installationId = container.installationId;
    if (!installation || (installation.runnerId !== null && installation.runnerId !== runnerId)) {
      actions.push({ kind: "remove", installationId });
    } else if (
      installation.desiredState === "STOPPED" &&
      (container.state === "running" || installation.status !== "STOPPED")
    ) {
      actions.push({ kind: "stop", installationId });
    }
  }

  for (const installation of installations) {
    if (installation.desiredState !== "RUNNING") continue;
    const installationId = installation.id;
    const running = containerById.get(installationId)?.state === "running";
    const stale = now.getTime() - installation.updatedAt.getTime() >= STALE_PROGRESS_MS;
    if (adopted.has(installationId)) {
      // What ran or was starting on the old runner starts here now, without waiting or counting a crash.
      if (IN_PROGRESS.has(installation.status) || WAS_RUNNING.has(installation.status))
        actions.push(running ? { kind: "adopt", installationId } : { kind: "start", installationId, claim: false });
    } else if (installation.runnerId === null) {
      // Unpinned: remote installations (no container) or a start nobody picked up.
      if (installation.status === "QUEUED" && stale) actions.push({ kind: "start", installationId, claim: true });
    } else if (installation.runnerId !== runnerId) {
      continue;
    } else if (IN_PROGRESS.has(installation.status)) {
      if (stale)
        actions.push(running ? { kind: "adopt", installationId } : { kind: "start", installationId, claim: false });
    } else if (WAS_RUNNING.has(installation.status)) {
      if (running) {
        if (!attached.has(installationId)) actions.push({ kind: "adopt", installationId });
        continue;
      }
      const plan = planRestart(installation, now);
      actions.push({ kind: plan.restartAt <= now ? "restart" : "back-off", installationId, plan });
    }
  }
  return actions;
}
