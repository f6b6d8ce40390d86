import type Docker from "dockerode";
import { buildCreateOptions, buildEnvList } from "../build-create-options.ts";
import { DEFAULT_HARDENING } from "../container-hardening.ts";
import type { ContainerLaunch } from "../container-spec.ts";
import { DEFAULT_MCP_NETWORK } from "../mcp-network.ts";

/**
 * The `docker run` a test runtime's container amounts to (same image, command, user, hardening,
 * resource limits and MCP network; see createTestRuntime), as a plain create call without the
 * runner's labels, so a baseline compares like with like and no runner treats it as its own.
 */
export function buildBareRunOptions(
  launch: ContainerLaunch,
  labels: Record<string, string>,
): Docker.ContainerCreateOptions {
  const { name: _name, ...options } = buildCreateOptions({
    launch,
    hardening: DEFAULT_HARDENING,
    networkName: DEFAULT_MCP_NETWORK.name,
    mounts: [],
    imageVolumes: [],
  });
  return { ...options, Labels: labels, Env: buildEnvList(launch, DEFAULT_HARDENING) };
}
