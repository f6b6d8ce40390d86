import ipaddr from "ipaddr.js";

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

/**
 * The ipaddr.js range name of an IP address ("unicast", "loopback", "private", "linkLocal",
 * "carrierGradeNat", "uniqueLocal", ...). IPv4-mapped IPv6 addresses are judged by the IPv4
 * address they carry, so `::ffff:127.0.0.1` is "loopback".
 */
export function classifyAddress(address: string): string {
  return ipaddr.process(address).range();
}

/**
 * Deny by default: only globally routable unicast addresses are public. Loopback, private,
 * link-local (cloud metadata at 169.254.169.254), CGNAT, unique-local, multicast, reserved,
 * documentation and benchmarking ranges, and IPv6 transition prefixes that embed an IPv4
 * address (NAT64, 6to4, Teredo) are not.
 */
export function isPublicAddress(address: string): boolean {
  const parsed = ipaddr.process(address);
  if (parsed.range() !== "unicast") return false;
  return parsed.kind() === "ipv4" || (parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6);
}
