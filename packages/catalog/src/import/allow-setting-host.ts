import { getDomain } from "tldts";
import type { PathSegment } from "../errors/format-path.ts";
import type { RemoteServer } from "../schema/server.ts";
import type { ImportNotes } from "./import-notes.ts";

/** The fixed labels (and port) after the last placeholder of a host such as `${…}.eu.example.com:8443`. */
const FIXED_SUFFIX = /^.*\}\.((?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]+)(:\d{1,5})?$/;

/**
 * `https://${user_config.tenant}.example.com/mcp`: a setting fills part of the host, which the
 * gateway refuses unless the host is in `allowedHosts` (tokens and the admin's OAuth client go where
 * the host says). When the fixed part is a registrable domain, allowing its subdomains would let
 * members name their tenant without reaching any other domain: the `allowedHosts` pattern suggested
 * for an admin to accept (the import preview asks). A public suffix (`co.uk`, `github.io`: many
 * owners), a host the setting fills whole, or hosts already listed: no suggestion.
 */
export function suggestSettingHosts(server: RemoteServer): string | undefined {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(server.url)?.[1] ?? "";
  if (!authority.includes("${") || server.allowedHosts !== undefined || authority.includes("@")) return undefined;
  const [, domain, port = ""] = FIXED_SUFFIX.exec(authority) ?? [];
  if (!domain || !getDomain(domain, { allowPrivateDomains: true })) return undefined;
  return `*.${domain.toLowerCase()}${port}`;
}

/** Notes a host a setting fills (connectors are refused until an admin allows hosts); returns the server as it was. */
export function noteSettingHost(server: RemoteServer, path: readonly PathSegment[], notes: ImportNotes): RemoteServer {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(server.url)?.[1] ?? "";
  if (!authority.includes("${") || server.allowedHosts !== undefined) return server;
  const pattern = suggestSettingHosts(server);
  notes.warn(
    path,
    pattern
      ? `a setting fills part of the host: connectors are refused until an admin allows hosts (suggested: ${pattern}, accept it in the import preview)`
      : "a setting fills the host: until an admin lists the hosts it may be in server.allowedHosts, connectors are refused (Switchboard cannot tell whose domain that is)",
  );
  return server;
}
