import type Docker from "dockerode";
import { isConflict, isNotFound } from "./docker-errors.ts";

export interface McpNetworkOptions {
  /** Docker network name, `switchboard-mcp` by default. */
  name: string;
  /** Linux bridge interface name; the firewall rules match on it, so it is fixed rather than Docker's random `br-<id>`. */
  bridgeName: string;
}

export const DEFAULT_MCP_NETWORK: McpNetworkOptions = { name: "switchboard-mcp", bridgeName: "sb-mcp0" };

const BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";

/**
 * Creates the bridge network MCP servers run on, or checks the existing one.
 *
 * Not `internal`: real connectors call their providers' APIs on the internet, and an internal
 * network has no egress at all. Host and private-address blocking is done by the firewall rules in
 * network-firewall.ts, which match this network's fixed bridge interface. Inter-container traffic
 * is off (`enable_icc=false`) so one tenant's server cannot talk to another's.
 */
export async function ensureMcpNetwork(docker: Docker, options: McpNetworkOptions): Promise<Docker.NetworkInspectInfo> {
  const existing = await inspectNetwork(docker, options.name);
  if (existing) {
    assertBridgeName(existing, options);
    return existing;
  }
  try {
    await docker.createNetwork({
      Name: options.name,
      Driver: "bridge",
      CheckDuplicate: true,
      Internal: false,
      EnableIPv6: false,
      Labels: { "switchboard.managed": "true" },
      Options: {
        [BRIDGE_NAME_OPTION]: options.bridgeName,
        "com.docker.network.bridge.enable_icc": "false",
        "com.docker.network.bridge.enable_ip_masquerade": "true",
      },
    });
  } catch (error) {
    // Another runner process on this host may have created it between our inspect and create.
    if (!isConflict(error)) throw error;
  }
  const created = await inspectNetwork(docker, options.name);
  if (!created) throw new Error(`Docker network ${options.name} vanished right after creation`);
  assertBridgeName(created, options);
  return created;
}

/** The IPv4 gateway of the network: the host's address as seen from its containers. */
export function getNetworkGateway(network: Docker.NetworkInspectInfo): string {
  const gateway = network.IPAM?.Config?.find((config) => config.Gateway?.includes("."))?.Gateway;
  if (!gateway) throw new Error(`Docker network ${network.Name} has no IPv4 gateway`);
  return gateway;
}

async function inspectNetwork(docker: Docker, name: string): Promise<Docker.NetworkInspectInfo | undefined> {
  try {
    return (await docker.getNetwork(name).inspect()) as Docker.NetworkInspectInfo;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function assertBridgeName(network: Docker.NetworkInspectInfo, options: McpNetworkOptions): void {
  const bridgeName = network.Options?.[BRIDGE_NAME_OPTION];
  if (network.Driver !== "bridge" || bridgeName !== options.bridgeName) {
    throw new Error(
      `Docker network ${options.name} exists but is not a bridge on interface ${options.bridgeName}; ` +
        "remove it so the runner can recreate it with its firewall-matched interface",
    );
  }
}
