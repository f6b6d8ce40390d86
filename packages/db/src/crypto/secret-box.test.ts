import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEncryptionKeys } from "./keys.ts";
import { SecretBox, SecretDecryptionError } from "./secret-box.ts";

const key = (id: string) => ({ id, key: randomBytes(32) });
const location = { table: "OAuthCredential", column: "accessTokenCiphertext", rowId: "row-1" };

describe("SecretBox", () => {
  it("round-trips a value and never contains the plaintext", () => {
    const box = new SecretBox([key("k1")]);
    const envelope = box.seal("gho_supersecret", location);
    expect(envelope).not.toContain("gho_supersecret");
    expect(envelope.startsWith("sb1.k1.")).toBe(true);
    expect(box.open(envelope, location)).toBe("gho_supersecret");
  });

  it("uses a fresh data key and IV per value", () => {
    const box = new SecretBox([key("k1")]);
    expect(box.seal("same", location)).not.toBe(box.seal("same", location));
  });

  it("refuses a value moved to another row or column", () => {
    const box = new SecretBox([key("k1")]);
    const envelope = box.seal("secret", location);
    expect(() => box.open(envelope, { ...location, rowId: "row-2" })).toThrow(SecretDecryptionError);
    expect(() => box.open(envelope, { ...location, column: "refreshTokenCiphertext" })).toThrow(
      /authentication failed/,
    );
  });

  it("refuses a wrong key with the same id, and an unknown key id", () => {
    const envelope = new SecretBox([key("k1")]).seal("secret", location);
    expect(() => new SecretBox([key("k1")]).open(envelope, location)).toThrow(/authentication failed/);
    expect(() => new SecretBox([key("k2")]).open(envelope, location)).toThrow(/key "k1" is not configured/);
  });

  it("decrypts with any configured key and encrypts with the first", () => {
    const old = key("old");
    const envelope = new SecretBox([old]).seal("secret", location);
    const rotated = new SecretBox([key("new"), old]);
    expect(rotated.open(envelope, location)).toBe("secret");
    expect(rotated.keyIdOf(rotated.seal("secret", location))).toBe("new");
  });

  it("rejects tampered and malformed envelopes", () => {
    const box = new SecretBox([key("k1")]);
    const envelope = box.seal("secret", location);
    // A character well inside the ciphertext: the last one of base64 may carry only ignored bits.
    const at = envelope.length - 8;
    const tampered = envelope.slice(0, at) + (envelope[at] === "A" ? "B" : "A") + envelope.slice(at + 1);
    expect(() => box.open(tampered, location)).toThrow(SecretDecryptionError);
    expect(() => box.open("plaintext", location)).toThrow(/not a Switchboard envelope/);
  });

  it("rejects malformed envelopes: wrong part count, version, empty parts", () => {
    const box = new SecretBox([key("k1")]);
    const [, , wrapped, body] = box.seal("secret", location).split(".");
    const malformed = {
      "one part": "plaintext",
      "three parts": `sb1.k1.${wrapped}`,
      "five parts": `sb1.k1.${wrapped}.${body}.extra`,
      "another version": `sb2.k1.${wrapped}.${body}`,
      "an empty key id": `sb1..${wrapped}.${body}`,
      "an empty wrapped key": `sb1.k1..${body}`,
      "an empty body": `sb1.k1.${wrapped}.`,
    };
    for (const [label, envelope] of Object.entries(malformed)) {
      expect(() => box.open(envelope, location), label).toThrow(
        new SecretDecryptionError(location, "not a Switchboard envelope"),
      );
    }
  });

  it("rejects a ciphertext shorter than IV and tag, and round-trips the empty string at exactly that length", () => {
    const box = new SecretBox([key("k1")]);
    const empty = box.seal("", location);
    const [, , wrapped, body = ""] = empty.split(".");
    expect(Buffer.from(body, "base64url")).toHaveLength(12 + 16);
    expect(box.open(empty, location)).toBe("");
    const short = Buffer.from(body, "base64url").subarray(1).toString("base64url");
    expect(() => box.open(`sb1.k1.${wrapped}.${short}`, location)).toThrow(/authentication failed/);
  });

  it("names the key id of an envelope without decrypting it", () => {
    const box = new SecretBox([key("k1")]);
    expect(box.keyIdOf(box.seal("secret", location))).toBe("k1");
    expect(box.keyIdOf("plaintext")).toBeUndefined();
    expect(box.primaryKeyId).toBe("k1");
    expect(() => new SecretBox([])).toThrow("SecretBox needs at least one encryption key.");
  });

  it("says which row it could not decrypt", () => {
    expect(new SecretDecryptionError(location, "not a Switchboard envelope").name).toBe("SecretDecryptionError");
    expect(new SecretDecryptionError(location, "not a Switchboard envelope").message).toBe(
      "Cannot decrypt OAuthCredential.accessTokenCiphertext of row row-1: not a Switchboard envelope.",
    );
  });

  it("never puts the plaintext into an error message", () => {
    const box = new SecretBox([key("k1")]);
    const envelope = box.seal("very-secret-token", location);
    try {
      box.open(envelope, { ...location, rowId: "other" });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain("very-secret-token");
    }
  });
});

describe("parseEncryptionKeys", () => {
  const b64 = () => randomBytes(32).toString("base64");

  it("parses several keys in order", () => {
    const keys = parseEncryptionKeys(`new:${b64()},old:${b64()}`);
    expect(keys.map((k) => k.id)).toEqual(["new", "old"]);
  });

  // Fixed key material: test names must not change from run to run (mutation tools match them).
  const material = (bytes: number) => Buffer.alloc(bytes, 7).toString("base64");
  it.each([
    ["a missing value", undefined, /is required/],
    ["an empty value", "", /is empty/],
    ["an entry without a colon", "nocolon", /expected "id:base64key"/],
    ["a 16-byte key", `k1:${material(16)}`, /expected 32 bytes of base64, got 16/],
    ["an id with a space", `bad id:${material(32)}`, /expected "id:base64key"/],
  ])("rejects %s", (_label, value, message) => {
    expect(() => parseEncryptionKeys(value)).toThrow(message);
  });

  it("trims spaces around ids and keys", () => {
    const keys = parseEncryptionKeys(` new : ${material(32)} , old:${material(32)}`);
    expect(keys.map((k) => k.id)).toStrictEqual(["new", "old"]);
    expect(keys[0]?.key).toHaveLength(32);
  });

  it("names every bad entry by position, one per line", () => {
    expect(() => parseEncryptionKeys(`ok:${material(32)},nocolon,:${material(32)}`)).toThrow(
      'SWITCHBOARD_ENCRYPTION_KEYS entry 2: expected "id:base64key" with an id of A-Z, a-z, 0-9, _ or -.\n' +
        'SWITCHBOARD_ENCRYPTION_KEYS entry 3: expected "id:base64key" with an id of A-Z, a-z, 0-9, _ or -.',
    );
  });

  it("rejects duplicate ids", () => {
    const material = b64();
    expect(() => parseEncryptionKeys(`a:${material},a:${material}`)).toThrow(/unique/);
  });
});
