import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The consent form's CSRF token: bound to the web session and the interaction, so a form posted
 * from another site, another session or for another authorization request is refused.
 */
export function createConsentCsrfToken(secret: string, sessionId: string, uid: string): string {
  return createHmac("sha256", secret).update(`consent\0${sessionId}\0${uid}`).digest("base64url");
}

export function isValidConsentCsrfToken(secret: string, sessionId: string, uid: string, candidate: unknown): boolean {
  if (typeof candidate !== "string") return false;
  const expected = Buffer.from(createConsentCsrfToken(secret, sessionId, uid));
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
