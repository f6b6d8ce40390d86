import type { ConnectorStatus } from "@switchboard/db";

export const PROGRESS_STEPS = [
  { status: "QUEUED", label: "Queued" },
  { status: "PREPARING_IMAGE", label: "Preparing image" },
  { status: "STARTING", label: "Starting" },
  { status: "CHECKING", label: "Checking" },
  { status: "RUNNING", label: "Running" },
] as const satisfies readonly { status: ConnectorStatus; label: string }[];

/** Index of the current step, or -1 when the status is off the happy path (stopped, error, crash loop...). */
export function findProgressIndex(status: ConnectorStatus): number {
  return PROGRESS_STEPS.findIndex((step) => step.status === status);
}

export const STATUS_LABELS: Record<ConnectorStatus, string> = {
  AWAITING_AUTHORIZATION: "Awaiting authorization",
  QUEUED: "Queued",
  PREPARING_IMAGE: "Preparing image",
  STARTING: "Starting",
  CHECKING: "Checking",
  RUNNING: "Running",
  UNHEALTHY: "Unhealthy",
  CRASH_LOOPING: "Crash-looping",
  STOPPED: "Stopped",
  NEEDS_REAUTH: "Needs re-authorization",
  ERROR: "Error",
};

/** The one-click fix for statuses only a new sign-in at the provider resolves. */
export const AUTHORIZE_LABELS: Partial<Record<ConnectorStatus, string>> = {
  AWAITING_AUTHORIZATION: "Authorize",
  NEEDS_REAUTH: "Re-authorize",
};

export type StatusTone = "neutral" | "indigo" | "green" | "amber" | "red";

export function toneOf(status: ConnectorStatus): StatusTone {
  if (status === "RUNNING") return "green";
  if (status === "ERROR" || status === "CRASH_LOOPING") return "red";
  if (status === "UNHEALTHY" || status === "NEEDS_REAUTH" || status === "AWAITING_AUTHORIZATION") return "amber";
  if (status === "STOPPED") return "neutral";
  return "indigo";
}

/** Statuses where the server itself failed: its output says why, and a restart is the way to retry. */
export function isFailing(status: ConnectorStatus): boolean {
  return status === "ERROR" || status === "CRASH_LOOPING" || status === "UNHEALTHY";
}
