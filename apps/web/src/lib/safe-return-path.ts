/** A same-origin path to return to after sign-in; anything else (absolute, protocol-relative, backslashes) falls back. */
export function safeReturnPath(candidate: string | undefined | null, fallback: string): string {
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\"))
    return fallback;
  try {
    const url = new URL(candidate, "http://switchboard.invalid");
    // Dot segments collapse on parsing ("/.//evil.example" is "//evil.example"), which a browser
    // or a Location header reads as another host: check the path as it will be used.
    if (url.origin !== "http://switchboard.invalid" || url.pathname.startsWith("//")) return fallback;
    return `${url.pathname}${url.search}`;
  } catch {
    return fallback;
  }
}
