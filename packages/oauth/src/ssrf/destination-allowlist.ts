import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

type AllowlistEntry =
  | { kind: "host"; host: string; port: number | undefined }
  | { kind: "network"; network: [ipaddr.IPv4 | ipaddr.IPv6, number]; port: number | undefined };

export interface DestinationAllowlist {
  /** True when the URL host itself (a name or an IP literal) is listed. */
  allowsHost(hostname: string, port: number): boolean;
  /** True when a resolved address falls in a listed address or network. */
  allowsAddress(address: string, port: number): boolean;
}

const HOST_NAME = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/**
 * Parses the administrators' allowed destinations (the seeds' `ALLOWED_DESTINATIONS`): host
 * names (`auth.example.com`), host and port (`localhost:8080`, `[::1]:9000`), IP addresses and
 * CIDR networks (`10.0.0.0/8`, `fd00::/8`). A listed destination may resolve to a private
 * address; nothing else may. Throws a TypeError naming the first malformed entry.
 */
export function parseDestinationAllowlist(entries: readonly string[]): DestinationAllowlist {
  const parsed = entries.map(parseEntry);
  const portMatches = (entry: AllowlistEntry, port: number) => entry.port === undefined || entry.port === port;

  const allowsAddress = (address: string, port: number) => {
    const ip = ipaddr.process(address);
    return parsed.some(
      (entry) =>
        entry.kind === "network" &&
        entry.network[0].kind() === ip.kind() &&
        ip.match(entry.network) &&
        portMatches(entry, port),
    );
  };
  const allowsHost = (hostname: string, port: number) => {
    const host = normalizeHost(hostname);
    if (isIP(host) !== 0) return allowsAddress(host, port);
    return parsed.some((entry) => entry.kind === "host" && entry.host === host && portMatches(entry, port));
  };
  return { allowsHost, allowsAddress };
}

function parseEntry(raw: string): AllowlistEntry {
  const entry = raw.trim().toLowerCase();
  const invalid = () => new TypeError(`Invalid allowed destination: "${raw}"`);

  if (entry.includes("/")) {
    try {
      const [address, prefix] = ipaddr.parseCIDR(entry);
      return { kind: "network", network: [address, prefix], port: undefined };
    } catch {
      throw invalid();
    }
  }

  const { host, port } = splitHostPort(entry);
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65_535)) throw invalid();
  const portNumber = port === undefined ? undefined : Number(port);

  if (isIP(host) !== 0) {
    const address = ipaddr.process(host);
    return { kind: "network", network: [address, address.kind() === "ipv4" ? 32 : 128], port: portNumber };
  }
  const name = normalizeHost(host);
  if (!HOST_NAME.test(name)) throw invalid();
  return { kind: "host", host: name, port: portNumber };
}

function splitHostPort(entry: string): { host: string; port: string | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1] ?? "", port: bracketed[2] };
  if (isIP(entry) === 6) return { host: entry, port: undefined };
  const colon = entry.lastIndexOf(":");
  return colon === -1
    ? { host: entry, port: undefined }
    : { host: entry.slice(0, colon), port: entry.slice(colon + 1) };
}

/** URL host names carry IPv6 literals in brackets and may end with the root dot. */
export function normalizeHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}
