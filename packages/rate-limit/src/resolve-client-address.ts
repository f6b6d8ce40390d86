import { z } from "zod";

export interface ClientAddressSources {
  /** The TCP peer; undefined where it cannot be read (Next.js route handlers and server actions). */
  socketAddress: string | undefined;
  /** The raw `X-Forwarded-For` header, if any (several header lines count as one list, in order). */
  forwardedFor: string | readonly string[] | undefined;
  /** How many reverse proxies in front of Switchboard append to `X-Forwarded-For` (`TRUSTED_PROXY_HOPS`). */
  trustedProxyHops: number;
}

/**
 * The client address rate limits are keyed on. Only entries the trusted proxies appended are
 * believed: each proxy appends the address it saw, so with N proxies the client is the Nth entry
 * from the right, and anything further left is whatever the client wrote. With no proxy the header
 * is the client's own invention and only the socket address counts.
 */
export function resolveClientAddress({ socketAddress, forwardedFor, trustedProxyHops }: ClientAddressSources): string {
  if (trustedProxyHops === 0) return socketAddress ?? "unknown";
  const hops = [forwardedFor ?? []]
    .flat()
    .join(",")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops[Math.max(0, hops.length - trustedProxyHops)] ?? socketAddress ?? "unknown";
}

/** `TRUSTED_PROXY_HOPS`: the reverse proxies between clients and Switchboard (0: clients connect directly). */
export function trustedProxyHopsSetting() {
  return z.coerce.number().int().min(0).max(10).default(0);
}
