import { z } from "zod";

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;

/**
 * `SWITCHBOARD_ENCRYPTION_KEYS`: comma-separated `id:base64key` pairs, newest first. The first key
 * encrypts; every listed key decrypts, so a rotation adds a key in front and drops the old one only
 * after `npm run secrets:reencrypt`. The one place keys are parsed and their length checked: every
 * process's env schema uses it (through `envFields.encryptionKeys`), so a bad key stops it at start.
 */
export const encryptionKeysSchema = z
  .string({ error: "is required (generate one with scripts/generate-secrets.sh)" })
  .min(1, "is empty (generate one with scripts/generate-secrets.sh)")
  .transform((text, ctx): EncryptionKey[] => {
    const keys: EncryptionKey[] = [];
    text.split(",").forEach((pair, index) => {
      const separator = pair.indexOf(":");
      const id = pair.slice(0, separator).trim();
      const key = Buffer.from(pair.slice(separator + 1).trim(), "base64");
      if (separator < 1 || !keyIdPattern.test(id)) {
        ctx.addIssue({
          code: "custom",
          message: `entry ${index + 1}: expected "id:base64key" with an id of A-Z, a-z, 0-9, _ or -`,
        });
      } else if (key.length !== KEY_BYTES) {
        ctx.addIssue({
          code: "custom",
          message: `key "${id}": expected ${KEY_BYTES} bytes of base64, got ${key.length}`,
        });
      } else {
        keys.push({ id, key });
      }
    });
    if (new Set(keys.map((key) => key.id)).size !== keys.length) {
      ctx.addIssue({ code: "custom", message: "key ids must be unique" });
    }
    return keys;
  });

/** Parses the keys outside an env schema (the re-encryption CLI); throws with every problem named. */
export function parseEncryptionKeys(value: string | undefined): EncryptionKey[] {
  const parsed = encryptionKeysSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((issue) => `SWITCHBOARD_ENCRYPTION_KEYS ${issue.message}.`).join("\n"));
}
