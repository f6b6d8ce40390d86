import { z } from "zod";

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parses `SWITCHBOARD_ENCRYPTION_KEYS`: comma-separated `id:base64key` pairs, newest first. The
 * first key encrypts; every listed key decrypts, so a rotation adds a key in front and drops the
 * old one only after `npm run secrets:reencrypt`.
 */
export function parseEncryptionKeys(value: string | undefined): EncryptionKey[] {
  const text = z
    .string({ error: "SWITCHBOARD_ENCRYPTION_KEYS is required (generate one with scripts/generate-secrets.sh)." })
    .min(1, "SWITCHBOARD_ENCRYPTION_KEYS is empty.")
    .parse(value);
  const keys = text.split(",").map((pair, index) => {
    const separator = pair.indexOf(":");
    const id = pair.slice(0, separator).trim();
    const material = pair.slice(separator + 1).trim();
    if (separator < 1 || !keyIdPattern.test(id)) {
      throw new Error(
        `SWITCHBOARD_ENCRYPTION_KEYS entry ${index + 1}: expected "id:base64key" with an id of A-Z, a-z, 0-9, _ or -.`,
      );
    }
    const key = Buffer.from(material, "base64");
    if (key.length !== 32) {
      throw new Error(`SWITCHBOARD_ENCRYPTION_KEYS key "${id}": expected 32 bytes of base64, got ${key.length}.`);
    }
    return { id, key };
  });
  const ids = new Set(keys.map((key) => key.id));
  if (ids.size !== keys.length) throw new Error("SWITCHBOARD_ENCRYPTION_KEYS: key ids must be unique.");
  return keys;
}
