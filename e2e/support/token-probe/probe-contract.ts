import { createHash } from "node:crypto";

/** Where the journey's catalog entry has Switchboard write the access token inside the container. */
export const TOKEN_FILE = "/run/credentials/access-token";
export const FINGERPRINT_TOOL = "token_fingerprint";

/** What the tool answers for a token: its SHA-256, so the token itself never leaves the container. */
export function fingerprintOf(token: string): string {
  return `sha256:${createHash("sha256").update(token).digest("hex")}`;
}
