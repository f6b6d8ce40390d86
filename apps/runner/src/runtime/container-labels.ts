import { isInstallationId } from "@switchboard/mcp-bridge";

export const INSTALLATION_LABEL = "switchboard.installation";
export const RUNNER_LABEL = "switchboard.runner";
export const SPEC_HASH_LABEL = "switchboard.spec-hash";

export function assertInstallationId(installationId: string): void {
  if (!isInstallationId(installationId)) {
    throw new Error(`Invalid installation id ${JSON.stringify(installationId)}`);
  }
}

export function getContainerName(installationId: string): string {
  assertInstallationId(installationId);
  return `sb-inst-${installationId}`;
}
