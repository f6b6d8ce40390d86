import { createHash, randomBytes } from "node:crypto";

/** A random URL-safe token (256 bits) and the SHA-256 digest that is stored in its place. */
export function createOpaqueToken(prefix: string): { token: string; hash: string } {
  const token = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashOpaqueToken(token) };
}

export function hashOpaqueToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
