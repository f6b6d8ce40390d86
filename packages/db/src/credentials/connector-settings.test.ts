import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox } from "../crypto/secret-box.ts";
import { openConnectorSecretConfig, readConnectorConfig, sealConnectorSecretConfig } from "./connector-settings.ts";

describe("connector settings as stored", () => {
  it("reads plain settings of every kind a setting can hold", () => {
    const config = { region: "eu", port: 8080, verbose: true, paths: ["/data", "/logs"], limits: [1, 2] };
    expect(readConnectorConfig(config)).toEqual(config);
  });

  it("refuses a stored config that is not a map of setting values instead of passing it on", () => {
    expect(() => readConnectorConfig(null)).toThrow();
    expect(() => readConnectorConfig(["eu"])).toThrow();
    expect(() => readConnectorConfig({ region: { name: "eu" } })).toThrow();
    expect(() => readConnectorConfig({ region: null })).toThrow();
  });

  it("seals secret settings for their own row only and opens them again", () => {
    const box = new SecretBox([{ id: "k1", key: randomBytes(32) }]);
    const secretConfigCiphertext = sealConnectorSecretConfig(box, "c-1", { api_key: "sk-live-1234" });
    expect(secretConfigCiphertext).not.toContain("sk-live-1234");
    expect(openConnectorSecretConfig(box, { id: "c-1", secretConfigCiphertext })).toEqual({ api_key: "sk-live-1234" });
    expect(() => openConnectorSecretConfig(box, { id: "c-2", secretConfigCiphertext })).toThrow();
    expect(sealConnectorSecretConfig(box, "c-1", {})).toBeNull();
    expect(openConnectorSecretConfig(box, { id: "c-1", secretConfigCiphertext: null })).toEqual({});
  });
});
