import { getDomain } from "tldts";
import type { PathSegment } from "../errors/format-path.ts";
import type { RemoteServer } from "../schema/server.ts";
import type { ImportNotes } from "./import-notes.ts";

/** The fixed labels (and port) after the last placeholder of a host such as `${…}.eu.example.com:8443`. */
const FIXED_SUFFIX = /^.*\}\.((?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]+)(:\d{1,5})?$/;

/**
 * `https://${user_config.tenant}.example.com/mcp`: a setting fills part of the host, which the
 * gateway refuses unless the host is in `allowedHosts` (tokens and the admin's OAuth client go where
 * the host says). When the fixed part is a registrable domain, allowing its subdomains lets members
 * name their tenant without reaching any other domain; a public suffix (`co.uk`, `github.io`: many
 * owners) or a host the setting fills whole stays for an admin to decide.
 */
export function allowSettingHost(server: RemoteServer, path: readonly PathSegment[], notes: ImportNotes): RemoteServer {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(server.url)?.[1] ?? "";
  if (!authority.includes("${") || server.allowedHosts !== undefined) return server;
  const [, domain, port = ""] = FIXED_SUFFIX.exec(authority) ?? [];
  const registrable = domain !== undefined && !authority.includes("@") && getDomain(domain, { allowPrivateDomains: true }); // prettier-ignore
  if (!domain || !registrable) {
    notes.warn(path, "a setting fills the host: until an admin lists the hosts it may be in server.allowedHosts, connectors are refused (Switchboard cannot tell whose domain that is)"); // prettier-ignore
    return server;
  }
  const pattern = `*.${domain.toLowerCase()}${port}`;
  notes.warn(path, `a setting fills part of the host: allowed hosts set to ${pattern} (subdomains of ${domain.toLowerCase()} only; an admin can narrow them)`); // prettier-ignore
  return { ...server, allowedHosts: [pattern] };
}
