export const INSTALLATION_LABEL = "switchboard.installation";
export const RUNNER_LABEL = "switchboard.runner";
export const SPEC_HASH_LABEL = "switchboard.spec-hash";

// Installation ids end up in container names and host paths, so only a conservative alphabet is
// accepted (cuid, uuid and slug ids all fit).
const INSTALLATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export function isInstallationId(value: string): boolean {
  return INSTALLATION_ID_PATTERN.test(value);
}

export function assertInstallationId(installationId: string): void {
  if (!isInstallationId(installationId)) {
    throw new Error(`Invalid installation id ${JSON.stringify(installationId)}`);
  }
}

export function getContainerName(installationId: string): string {
  assertInstallationId(installationId);
  return `sb-inst-${installationId}`;
}
