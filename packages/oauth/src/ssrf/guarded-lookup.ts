import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { OAuthError } from "../errors.ts";
import { classifyAddress, isPublicAddress } from "./classify-address.ts";
import type { DestinationAllowlist } from "./destination-allowlist.ts";

export interface Destination {
  hostname: string;
  port: number;
}

/** Throws `ssrf_blocked` unless the address is public or allowlisted for this destination. */
export function assertAddressAllowed(address: string, destination: Destination, allowlist: DestinationAllowlist): void {
  if (isPublicAddress(address) || allowlist.allowsAddress(address, destination.port)) return;
  throw new OAuthError(
    "ssrf_blocked",
    `Requests to ${destination.hostname} are blocked: it points to a ${classifyAddress(address)} address. ` +
      "An administrator can add it to the allowed destinations.",
  );
}

/**
 * A `lookup` for the socket of one request: it resolves the host, checks every address, and
 * hands exactly the checked addresses to the connection, so a DNS answer that changes between
 * the check and the connect (rebinding) cannot slip a private address through.
 */
export function createGuardedLookup(destination: Destination, allowlist: DestinationAllowlist): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family, hints: options.hints }, (error, addresses) => {
      if (error) {
        callback(error, "", 0);
        return;
      }
      try {
        for (const { address } of addresses) assertAddressAllowed(address, destination, allowlist);
      } catch (blocked) {
        callback(blocked as NodeJS.ErrnoException, "", 0);
        return;
      }
      const [first] = addresses as [LookupAddress, ...LookupAddress[]];
      if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
