/**
 * URI schemes that reach the operating system, Office or another program's target rather than the
 * registering app. A native client may name a private-use scheme as its redirect (RFC 8252 §7.1), and
 * the provider refuses only javascript:, vbscript:, data:, blob:, file: and about:. Any other scheme
 * would let a self-registered client (or a metadata document) have an error redirect, sent before
 * anyone consents, launch a Windows or Office protocol handler with attacker-chosen text once the
 * user clicks through the browser's prompt.
 *
 * RFC 8252 §7.1 wants reverse-domain schemes (`com.example.app:`), but real clients use short ones
 * (Cursor's `cursor://`, VS Code's `vscode://`), so an allowlist would lock them out. Refused instead:
 * - Windows and Office handlers: the whole `ms-` family, among them ms-msdt: (CVE-2022-30190,
 *   "Follina"), ms-officecmd: (Positive Security, "Windows 10 RCE: The exploit is in the link",
 *   2021), ms-appinstaller: (CVE-2021-43890; Microsoft turned it off by default in December 2023)
 *   and the Office document schemes ms-word:, ms-excel:, … whose `ofe|u|<url>` opens a remote file
 *   (Microsoft, "Office URI Schemes"); search-ms: and search: (Explorer searching a remote share,
 *   used to deliver malware since 2022: Sophos, "Yet another zero-day (sort of) in Windows search URL
 *   handling"), shell:, hcp: (CVE-2010-1885), its:, mk:, mhtml: and res:
 *   (compiled-help and MHTML loaders with a history of code execution), microsoft-edge: (opens a
 *   URL in Edge whatever the default browser).
 * - macOS and Android handlers: applescript: (opens a script in Script Editor), help: (Help Viewer
 *   ran scripts from `help:runscript` links until Apple's Security Update 2004-05-24),
 *   x-apple.systempreferences:, intent: (starts any Android activity).
 * - Schemes naming a network resource, a message or a call, never an app's callback: smb:, nfs:,
 *   afp:, ftp:, ftps:, sftp:, ssh:, telnet:, ldap:, ldaps:, jar:, webdav:, mailto:, tel:, sms:,
 *   callto:, sip:, sips: (Positive Security, "Allow arbitrary URLs, expect arbitrary code
 *   execution", 2022, shows file-share schemes turning a link into a program run).
 * A list cannot name every program's scheme; the consent page still warns that a redirect goes to
 * this device, and the browser asks before it opens any app.
 */
const OS_HANDLER_SCHEMES = new Set([
  "search-ms",
  "search",
  "shell",
  "hcp",
  "its",
  "mk",
  "mhtml",
  "res",
  "microsoft-edge",
  "applescript",
  "help",
  "x-apple.systempreferences",
  "intent",
  "smb",
  "nfs",
  "afp",
  "ftp",
  "ftps",
  "sftp",
  "ssh",
  "telnet",
  "ldap",
  "ldaps",
  "jar",
  "webdav",
  "mailto",
  "tel",
  "sms",
  "callto",
  "sip",
  "sips",
]);

/** The scheme (lower case, without the colon) of the first redirect URI that names such a handler. */
export function findOsHandlerScheme(redirectUris: unknown): string | undefined {
  if (!Array.isArray(redirectUris)) return undefined;
  for (const uri of redirectUris) {
    const url = typeof uri === "string" ? URL.parse(uri) : null;
    const scheme = url?.protocol.slice(0, -1);
    if (scheme && (scheme.startsWith("ms-") || OS_HANDLER_SCHEMES.has(scheme))) return scheme;
  }
  return undefined;
}
