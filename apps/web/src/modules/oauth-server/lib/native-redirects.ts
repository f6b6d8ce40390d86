const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const parse = (uri: unknown) => (typeof uri === "string" ? URL.parse(uri) : null);
const isPrivateUseScheme = (url: URL) => url.protocol !== "http:" && url.protocol !== "https:";
const isHttpLoopback = (url: URL) => url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);

/** The redirect goes to this device: a loopback address, or an app's private-use URI scheme. */
export function redirectsToThisDevice(redirectUri: unknown): boolean {
  const url = parse(redirectUri);
  return !!url && (LOOPBACK_HOSTS.has(url.hostname) || isPrivateUseScheme(url));
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
