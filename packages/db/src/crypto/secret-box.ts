import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { EncryptionKey } from "./keys.ts";

/** Where a ciphertext lives. Bound as additional authenticated data, so a value copied to another row or column fails to decrypt. */
export interface SecretLocation {
  table: string;
  column: string;
  rowId: string;
}

export class SecretDecryptionError extends Error {
  constructor(location: SecretLocation, reason: string) {
    super(`Cannot decrypt ${location.table}.${location.column} of row ${location.rowId}: ${reason}.`);
    this.name = "SecretDecryptionError";
  }
}

const VERSION = "sb1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Envelope encryption with AES-256-GCM: each value gets its own random data key, which is wrapped
 * by the newest key-encryption key. Envelope: `sb1.<keyId>.<wrapped data key>.<ciphertext>`
 * (base64url parts, each `iv | ciphertext | tag`).
 */
export class SecretBox {
  private readonly keysById: Map<string, Buffer>;
  private readonly primary: EncryptionKey;

  constructor(keys: EncryptionKey[]) {
    const [primary] = keys;
    if (!primary) throw new Error("SecretBox needs at least one encryption key.");
    this.primary = primary;
    this.keysById = new Map(keys.map((key) => [key.id, key.key]));
  }

  get primaryKeyId(): string {
    return this.primary.id;
  }

  seal(plaintext: string, location: SecretLocation): string {
    const dataKey = randomBytes(32);
    const aad = describe(location);
    const wrapped = encrypt(this.primary.key, dataKey, `${VERSION}.${this.primary.id}.${aad}`);
    const body = encrypt(dataKey, Buffer.from(plaintext, "utf8"), aad);
    return [VERSION, this.primary.id, wrapped, body].join(".");
  }

  open(envelope: string, location: SecretLocation): string {
    const parts = envelope.split(".");
    const [version, keyId, wrapped, body] = parts;
    if (parts.length !== 4 || version !== VERSION || !keyId || !wrapped || !body) {
      throw new SecretDecryptionError(location, "not a Switchboard envelope");
    }
    const kek = this.keysById.get(keyId);
    if (!kek) throw new SecretDecryptionError(location, `key "${keyId}" is not configured`);
    const aad = describe(location);
    try {
      const dataKey = decrypt(kek, wrapped, `${VERSION}.${keyId}.${aad}`);
      return decrypt(dataKey, body, aad).toString("utf8");
    } catch {
      throw new SecretDecryptionError(
        location,
        "authentication failed (wrong key, or the value belongs to another row)",
      );
    }
  }

  /** The key id an envelope was sealed with, without decrypting it. */
  keyIdOf(envelope: string): string | undefined {
    return envelope.split(".")[1];
  }
}

function describe(location: SecretLocation): string {
  return `${location.table}/${location.column}/${location.rowId}`;
}

function encrypt(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url");
}

function decrypt(key: Buffer, encoded: string, aad: string): Buffer {
  const raw = Buffer.from(encoded, "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error("truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
}
