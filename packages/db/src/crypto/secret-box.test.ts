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
    const tampered = envelope.slice(0, -2) + (envelope.endsWith("A") ? "BB" : "AA");
    expect(() => box.open(tampered, location)).toThrow(SecretDecryptionError);
    expect(() => box.open("plaintext", location)).toThrow(/not a Switchboard envelope/);
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

  it.each([
    [undefined, /is required/],
    ["", /is empty/],
    ["nocolon", /expected "id:base64key"/],
    [`k1:${randomBytes(16).toString("base64")}`, /expected 32 bytes of base64, got 16/],
    [`bad id:${randomBytes(32).toString("base64")}`, /expected "id:base64key"/],
  ])("rejects %j", (value, message) => {
    expect(() => parseEncryptionKeys(value)).toThrow(message);
  });

  it("rejects duplicate ids", () => {
    const material = b64();
    expect(() => parseEncryptionKeys(`a:${material},a:${material}`)).toThrow(/unique/);
  });
});
