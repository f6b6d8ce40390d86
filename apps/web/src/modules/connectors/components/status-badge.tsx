import type { ConnectorStatus } from "@switchboard/db";
import { Badge } from "@/components/ui/badge.tsx";

const statusLabels: Record<ConnectorStatus, { label: string; tone: "neutral" | "indigo" | "green" | "amber" | "red" }> =
  {
    AWAITING_AUTHORIZATION: { label: "Awaiting authorization", tone: "amber" },
    QUEUED: { label: "Queued", tone: "indigo" },
    PREPARING_IMAGE: { label: "Preparing image", tone: "indigo" },
    STARTING: { label: "Starting", tone: "indigo" },
    CHECKING: { label: "Checking", tone: "indigo" },
    RUNNING: { label: "Running", tone: "green" },
    UNHEALTHY: { label: "Unhealthy", tone: "red" },
    CRASH_LOOPING: { label: "Crash looping", tone: "red" },
    STOPPED: { label: "Stopped", tone: "neutral" },
    NEEDS_REAUTH: { label: "Needs re-authorization", tone: "red" },
    ERROR: { label: "Error", tone: "red" },
  };

export function StatusBadge({ status }: { status: ConnectorStatus }) {
  const { label, tone } = statusLabels[status];
  return <Badge tone={tone}>{label}</Badge>;
}

/** Statuses the member must fix by signing in again. */
export function needsAuthorization(status: ConnectorStatus): boolean {
  return status === "NEEDS_REAUTH" || status === "AWAITING_AUTHORIZATION";
}
