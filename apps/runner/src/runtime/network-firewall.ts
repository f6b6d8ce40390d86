import { spawn } from "node:child_process";
import { isIP } from "node:net";

/*
 * Why iptables, and why in INPUT as well as DOCKER-USER:
 * - An `internal` Docker network would block the host but also all internet egress, which real
 *   connectors need (they call Slack, GitHub, Google...).
 * - `--add-host` or DNS tricks change names, not reachability: a server can always dial an IP.
 * - Docker's DOCKER-USER chain only sees *forwarded* traffic. A container dialing the host itself
 *   (the bridge gateway, or any other address of the host, e.g. where Postgres listens on
 *   0.0.0.0) is *input* traffic and never passes DOCKER-USER. So the runner installs two chains
 *   matched on the MCP network's fixed bridge interface:
 *     SB-MCP-HOST   (from INPUT): new connections from MCP containers to the host are rejected;
 *                   replies to connections the host opened (the runner reaching an HTTP server
 *                   through its 127.0.0.1-published port) still pass.
 *     SB-MCP-EGRESS (from DOCKER-USER): forwarded traffic to private and special-purpose ranges
 *                   is rejected (other hosts of the LAN, cloud metadata at 169.254.169.254, other
 *                   Docker networks such as the compose network Postgres/Redis live on, and ports
 *                   published on the host, which Docker DNATs to container addresses before
 *                   filtering), except DNS to the host's resolvers and operator-allowed ranges.
 *                   Everything else, i.e. the internet, is allowed.
 * The chains are replaced atomically with iptables-restore --noflush on every runner start, so the
 * rules survive Docker restarts (Docker keeps DOCKER-USER's content) and converge after edits.
 * IPv6: the network has no IPv6 and containers get disable_ipv6, and SB-MCP-HOST is installed in
 * ip6tables too, so link-local addresses cannot reach the host either.
 */

export const HOST_CHAIN = "SB-MCP-HOST";
export const EGRESS_CHAIN = "SB-MCP-EGRESS";

/** RFC 6890 special-purpose IPv4 ranges: private, loopback, link-local, CGNAT, benchmarking, documentation, multicast, reserved. */
export const BLOCKED_IPV4_RANGES = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
];

export interface McpFirewallOptions {
  /** The MCP network's bridge interface (see mcp-network.ts). */
  bridgeName: string;
  /** Resolvers Docker's embedded DNS forwards to from inside the containers; allowed on port 53 only. */
  dnsServers: string[];
  /** Private destinations an operator deliberately opens, e.g. a corporate HTTP proxy ("10.1.2.3/32"). */
  allowedCidrs: string[];
}

export interface CommandResult {
  exitCode: number;
  stderr: string;
}

/** Runs a command with optional stdin; injectable so tests and non-local hosts can substitute it. */
export type CommandRunner = (file: string, args: string[], input?: string) => Promise<CommandResult>;

export async function applyMcpFirewall(
  options: McpFirewallOptions,
  runCommand: CommandRunner = runLocalCommand,
): Promise<void> {
  await restoreChains("iptables-restore", buildIpv4Rules(options), runCommand);
  await ensureJump("iptables", "INPUT", options.bridgeName, HOST_CHAIN, runCommand);
  await ensureJump("iptables", "DOCKER-USER", options.bridgeName, EGRESS_CHAIN, runCommand);
  await restoreChains("ip6tables-restore", buildIpv6Rules(), runCommand);
  await ensureJump("ip6tables", "INPUT", options.bridgeName, HOST_CHAIN, runCommand);
}

const ESTABLISHED = "-m conntrack --ctstate ESTABLISHED,RELATED -j RETURN";

export function buildIpv4Rules(options: McpFirewallOptions): string {
  return [
    "*filter",
    `:${HOST_CHAIN} - [0:0]`,
    `:${EGRESS_CHAIN} - [0:0]`,
    `-A ${HOST_CHAIN} ${ESTABLISHED}`,
    ...buildRejects(HOST_CHAIN, "", "icmp-admin-prohibited"),
    `-A ${EGRESS_CHAIN} ${ESTABLISHED}`,
    ...options.dnsServers.flatMap((server) =>
      ["udp", "tcp"].map(
        (protocol) => `-A ${EGRESS_CHAIN} -d ${asIpv4Cidr(server)} -p ${protocol} --dport 53 -j RETURN`,
      ),
    ),
    ...options.allowedCidrs.map((cidr) => `-A ${EGRESS_CHAIN} -d ${asIpv4Cidr(cidr)} -j RETURN`),
    ...BLOCKED_IPV4_RANGES.flatMap((cidr) => buildRejects(EGRESS_CHAIN, `-d ${cidr} `, "icmp-admin-prohibited")),
    "COMMIT",
    "",
  ].join("\n");
}

export function buildIpv6Rules(): string {
  return [
    "*filter",
    `:${HOST_CHAIN} - [0:0]`,
    `-A ${HOST_CHAIN} ${ESTABLISHED}`,
    ...buildRejects(HOST_CHAIN, "", "icmp6-adm-prohibited"),
    "COMMIT",
    "",
  ].join("\n");
}

/**
 * TCP gets a reset, so a connector fails at once instead of waiting out SYN retries (the kernel
 * rate-limits the ICMP errors a plain REJECT sends, which turns bursts of refusals into timeouts).
 */
function buildRejects(chain: string, match: string, icmpType: string): string[] {
  return [
    `-A ${chain} ${match}-p tcp -j REJECT --reject-with tcp-reset`,
    `-A ${chain} ${match}-j REJECT --reject-with ${icmpType}`,
  ];
}

/** IPv4 nameservers from resolv.conf text; loopback ones are skipped because Docker queries those from the host namespace. */
export function parseNameservers(resolvConf: string): string[] {
  return [...resolvConf.matchAll(/^\s*nameserver\s+(\S+)/gm)]
    .map((match) => match[1] ?? "")
    .filter((address) => isIP(address) === 4 && !address.startsWith("127."));
}

function asIpv4Cidr(value: string): string {
  const [address = "", prefix = "32", ...rest] = value.split("/");
  const bits = Number(prefix);
  if (isIP(address) !== 4 || rest.length > 0 || !Number.isInteger(bits) || bits < 0 || bits > 32) {
    throw new Error(`Not an IPv4 address or CIDR: ${JSON.stringify(value)}`);
  }
  return `${address}/${bits}`;
}

async function restoreChains(binary: string, rules: string, runCommand: CommandRunner): Promise<void> {
  // --noflush keeps every other chain; declaring our chains (":NAME - [0:0]") empties them first.
  const result = await runCommand(binary, ["--noflush"], rules);
  if (result.exitCode !== 0) throw new Error(`${binary} failed (${result.exitCode}): ${result.stderr.trim()}`);
}

async function ensureJump(
  binary: string,
  fromChain: string,
  bridgeName: string,
  toChain: string,
  runCommand: CommandRunner,
): Promise<void> {
  const rule = ["-i", bridgeName, "-j", toChain];
  const check = await runCommand(binary, ["-C", fromChain, ...rule]);
  if (check.exitCode === 0) return;
  const insert = await runCommand(binary, ["-I", fromChain, "1", ...rule]);
  if (insert.exitCode !== 0) {
    throw new Error(`${binary} -I ${fromChain} failed (${insert.exitCode}): ${insert.stderr.trim()}`);
  }
}

function runLocalCommand(file: string, args: string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    // A command that does not read stdin may exit before it is written (EPIPE); its exit code tells.
    child.stdin.on("error", () => undefined);
    child.on("close", (code) => resolve({ exitCode: code ?? 1, stderr }));
    child.stdin.end(input ?? "");
  });
}
