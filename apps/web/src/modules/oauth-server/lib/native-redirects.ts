const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Every redirect URI goes to this device (false for none): the client is a program on the user's
 * machine. `httpOnly` also requires plain http, the only scheme RFC 8252 §7.3 loopback redirects use.
 */
export function isLoopbackOnly(redirectUris: unknown, { httpOnly = false } = {}): boolean {
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) return false;
  return redirectUris.every((uri) => {
    const parsed = typeof uri === "string" ? URL.parse(uri) : null;
    return !!parsed && LOOPBACK_HOSTS.has(parsed.hostname) && (!httpOnly || parsed.protocol === "http:");
  });
}

/** The redirect goes to this device: a loopback address, or an app's private-use URI scheme. */
export function redirectsToThisDevice(redirectUri: unknown): boolean {
  const parsed = typeof redirectUri === "string" ? URL.parse(redirectUri) : null;
  return !!parsed && (LOOPBACK_HOSTS.has(parsed.hostname) || isPrivateUseScheme(parsed.protocol));
}

/**
 * Redirects only a native app receives: one to a private-use URI scheme such as `cursor:`
 * (RFC 8252 §7.1), or every one to an http loopback address (§7.3).
 */
export function isNativeAppRedirects(redirectUris: unknown): boolean {
  if (!Array.isArray(redirectUris)) return false;
  const privateUseScheme = redirectUris.some((uri) => {
    const protocol = typeof uri === "string" ? URL.parse(uri)?.protocol : undefined;
    return protocol !== undefined && isPrivateUseScheme(protocol);
  });
  return privateUseScheme || isLoopbackOnly(redirectUris, { httpOnly: true });
}

function isPrivateUseScheme(protocol: string): boolean {
  return protocol !== "http:" && protocol !== "https:";
}
