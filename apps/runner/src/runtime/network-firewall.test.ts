import { describe, expect, it } from "vitest";
import { applyMcpFirewall, buildIpv4Rules, parseNameservers } from "./network-firewall.ts";
import type { CommandRunner } from "./network-firewall.ts";

const OPTIONS = { bridgeName: "sb-mcp0", dnsServers: ["10.255.255.53"], allowedCidrs: ["10.1.2.0/24"] };

describe("buildIpv4Rules", () => {
  it("rejects new connections to the host and forwarded ones to private ranges, after the allowed exceptions", () => {
    const rules = buildIpv4Rules(OPTIONS).split("\n");

    expect(rules).toContain("-A SB-MCP-HOST -p tcp -j REJECT --reject-with tcp-reset");
    expect(rules).toContain("-A SB-MCP-HOST -j REJECT --reject-with icmp-admin-prohibited");
    const dns = rules.indexOf("-A SB-MCP-EGRESS -d 10.255.255.53/32 -p udp --dport 53 -j RETURN");
    const allowed = rules.indexOf("-A SB-MCP-EGRESS -d 10.1.2.0/24 -j RETURN");
    const blocked = rules.indexOf("-A SB-MCP-EGRESS -d 10.0.0.0/8 -p tcp -j REJECT --reject-with tcp-reset");
    expect(dns).toBeGreaterThan(0);
    expect(allowed).toBeGreaterThan(dns);
    expect(blocked).toBeGreaterThan(allowed);
    expect(rules).toContain("-A SB-MCP-EGRESS -d 172.16.0.0/12 -j REJECT --reject-with icmp-admin-prohibited");
    expect(rules).toContain("-A SB-MCP-EGRESS -d 169.254.0.0/16 -j REJECT --reject-with icmp-admin-prohibited");
  });

  it("refuses anything that is not an IPv4 address or CIDR", () => {
    expect(() => buildIpv4Rules({ ...OPTIONS, allowedCidrs: ["10.0.0.0/8 -j ACCEPT"] })).toThrow(/Not an IPv4/);
    expect(() => buildIpv4Rules({ ...OPTIONS, dnsServers: ["::1"] })).toThrow(/Not an IPv4/);
  });
});

describe("parseNameservers", () => {
  it("keeps IPv4 resolvers other than loopback", () => {
    const resolvConf = "# comment\nnameserver 10.255.255.53\nnameserver 127.0.0.53\nnameserver ::1\nsearch example\n";

    expect(parseNameservers(resolvConf)).toEqual(["10.255.255.53"]);
  });
});

describe("applyMcpFirewall", () => {
  it("restores both chains and inserts each jump only when it is missing", async () => {
    const calls: string[] = [];
    const runCommand: CommandRunner = async (file, args) => {
      calls.push([file, ...args].join(" "));
      const isCheck = args[0] === "-C";
      return { exitCode: isCheck && args[1] === "INPUT" && file === "iptables" ? 0 : isCheck ? 1 : 0, stderr: "" };
    };

    await applyMcpFirewall(OPTIONS, runCommand);

    expect(calls).toEqual([
      "iptables-restore --noflush",
      "iptables -C INPUT -i sb-mcp0 -j SB-MCP-HOST",
      "iptables -C DOCKER-USER -i sb-mcp0 -j SB-MCP-EGRESS",
      "iptables -I DOCKER-USER 1 -i sb-mcp0 -j SB-MCP-EGRESS",
      "ip6tables-restore --noflush",
      "ip6tables -C INPUT -i sb-mcp0 -j SB-MCP-HOST",
      "ip6tables -I INPUT 1 -i sb-mcp0 -j SB-MCP-HOST",
    ]);
  });

  it("fails loudly when the rules cannot be installed", async () => {
    const runCommand: CommandRunner = async () => ({ exitCode: 4, stderr: "Permission denied (you must be root)" });

    await expect(applyMcpFirewall(OPTIONS, runCommand)).rejects.toThrow(
      /iptables-restore failed \(4\): Permission denied/,
    );
  });
});
