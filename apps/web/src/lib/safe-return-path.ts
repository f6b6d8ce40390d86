/** A same-origin path to return to after sign-in; anything else (absolute, protocol-relative, backslashes) falls back. */
export function safeReturnPath(candidate: string | undefined | null, fallback: string): string {
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\"))
    return fallback;
  try {
    const url = new URL(candidate, "http://switchboard.invalid");
    return url.origin === "http://switchboard.invalid" ? `${url.pathname}${url.search}` : fallback;
  } catch {
    return fallback;
  }
}
