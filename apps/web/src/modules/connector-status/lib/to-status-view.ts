import type { ConnectorStatus, DesiredState } from "@switchboard/db";

export interface ToolView {
  name: string;
  description: string;
}

/** What the connector page shows and polls: no secret, no config. */
export interface StatusView {
  status: ConnectorStatus;
  statusReason: string | null;
  desiredState: DesiredState;
  restartCount: number;
  server: { name: string; version: string } | null;
  tools: ToolView[];
}

export function toStatusView(connector: {
  status: ConnectorStatus;
  statusReason: string | null;
  desiredState: DesiredState;
  restartCount: number;
  serverInfo: unknown;
  tools: unknown;
}): StatusView {
  const info = connector.serverInfo as { name?: unknown; version?: unknown } | null;
  const tools = Array.isArray(connector.tools) ? (connector.tools as { name?: unknown; description?: unknown }[]) : [];
  return {
    status: connector.status,
    statusReason: connector.statusReason,
    desiredState: connector.desiredState,
    restartCount: connector.restartCount,
    server: info && typeof info.name === "string" ? { name: info.name, version: String(info.version ?? "") } : null,
    tools: tools
      .filter((tool) => typeof tool.name === "string")
      .map((tool) => ({
        name: String(tool.name),
        description: typeof tool.description === "string" ? tool.description : "",
      })),
  };
}
