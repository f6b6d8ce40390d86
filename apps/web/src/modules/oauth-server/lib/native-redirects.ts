const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const parse = (uri: unknown) => (typeof uri === "string" ? URL.parse(uri) : null);
const isPrivateUseScheme = (url: URL) => url.protocol !== "http:" && url.protocol !== "https:";
const isHttpLoopback = (url: URL) => url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);

/**
 * Every spelling of this device a web client may register (the URL parser has already normalized
 * `127.1`, `0x7f000001` and the long IPv6 forms): all of 127.0.0.0/8, the unspecified address
 * (which connects locally), `localhost` with a trailing dot or as a parent domain (RFC 6761), and
 * IPv4-mapped IPv6.
 */
function isThisDeviceHost(hostname: string): boolean {
  const host = hostname.replace(/\.$/, "");
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === "0.0.0.0" ||
    host === "[::1]" ||
    host === "[::]" ||
    /^\[::ffff:(?:7f[\da-f]{2}:[\da-f]{1,4}|0:0)\]$/.test(host)
  );
}

/** The redirect goes to this device: a loopback address, or an app's private-use URI scheme. */
export function redirectsToThisDevice(redirectUri: unknown): boolean {
  const url = parse(redirectUri);
  return !!url && (isThisDeviceHost(url.hostname) || isPrivateUseScheme(url));
}

/**
 * Redirects only a native app receives: one to a private-use URI scheme such as `cursor:`
 * (RFC 8252 §7.1), or every one to an http loopback address (§7.3).
 */
export function isNativeAppRedirects(redirectUris: unknown): boolean {
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) return false;
  const urls = redirectUris.map(parse);
  return urls.some((url) => !!url && isPrivateUseScheme(url)) || urls.every((url) => !!url && isHttpLoopback(url));
}
