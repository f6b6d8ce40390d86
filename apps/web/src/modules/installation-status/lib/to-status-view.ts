import type { InstallationStatus, DesiredState } from "@switchboard/db";

export interface ToolView {
  name: string;
  description: string;
}

/** What the installation page shows and polls: no secret, no config. */
export interface StatusView {
  status: InstallationStatus;
  statusReason: string | null;
  desiredState: DesiredState;
  restartCount: number;
  server: { name: string; version: string } | null;
  tools: ToolView[];
}

export function toStatusView(installation: {
  status: InstallationStatus;
  statusReason: string | null;
  desiredState: DesiredState;
  restartCount: number;
  serverInfo: unknown;
  tools: unknown;
}): StatusView {
  const info = installation.serverInfo as { name?: unknown; version?: unknown } | null;
  const tools = Array.isArray(installation.tools)
    ? (installation.tools as { name?: unknown; description?: unknown }[])
    : [];
  return {
    status: installation.status,
    statusReason: installation.statusReason,
    desiredState: installation.desiredState,
    restartCount: installation.restartCount,
    server: info && typeof info.name === "string" ? { name: info.name, version: String(info.version ?? "") } : null,
    tools: tools
      .filter((tool) => typeof tool.name === "string")
      .map((tool) => ({
        name: String(tool.name),
        description: typeof tool.description === "string" ? tool.description : "",
      })),
  };
}
