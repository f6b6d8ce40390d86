import { isConnectorId } from "@switchboard/mcp-bridge";

export const CONNECTOR_LABEL = "switchboard.installation";
export const RUNNER_LABEL = "switchboard.runner";
export const SPEC_HASH_LABEL = "switchboard.spec-hash";

export function assertConnectorId(connectorId: string): void {
  if (!isConnectorId(connectorId)) {
    throw new Error(`Invalid connector id ${JSON.stringify(connectorId)}`);
  }
}

export function getContainerName(connectorId: string): string {
  assertConnectorId(connectorId);
  return `sb-inst-${connectorId}`;
}
