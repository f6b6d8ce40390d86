import type { ContainerLaunchSpec } from "@switchboard/catalog";
import type { ContainerLaunch } from "../runtime/container-spec.ts";

export function toContainerLaunch(
  spec: ContainerLaunchSpec,
  connectorId: string,
  runnerId: string,
  secrets: readonly string[],
): ContainerLaunch {
  return {
    connectorId,
    runnerId,
    image: spec.image,
    command: spec.command,
    args: spec.args,
    secretArgIndexes: spec.secretArgIndexes,
    env: spec.env,
    secrets,
    files: spec.files,
    ...(spec.http && { http: { port: spec.http.port, path: spec.http.path } }),
    resources: spec.resources,
  };
}
