import { hkdfSync } from "node:crypto";

/** A key of its own for one purpose, derived from the application secret (which is never used raw). */
export function deriveSecret(applicationSecret: string, purpose: string): string {
  return Buffer.from(hkdfSync("sha256", applicationSecret, "", `switchboard ${purpose}`, 32)).toString("base64url");
}
