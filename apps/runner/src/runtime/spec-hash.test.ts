import { describe, expect, it } from "vitest";
import { computeSpecHash } from "./spec-hash.ts";

const CREATE = { Image: "sha256:abc", Env: ["TOKEN=one"], HostConfig: { Memory: 1, PidsLimit: 2 } };
const FILES = [{ path: "/home/app/creds.json", content: "token-one", mode: 0o400 }];

describe("computeSpecHash", () => {
  it("ignores key order and credential-file contents", () => {
    const reordered = { HostConfig: { PidsLimit: 2, Memory: 1 }, Env: ["TOKEN=one"], Image: "sha256:abc" };

    expect(computeSpecHash(reordered, [{ ...FILES[0]!, content: "token-two" }], "key")).toBe(
      computeSpecHash(CREATE, FILES, "key"),
    );
  });

  it("changes with env values, file paths, limits and the key", () => {
    const base = computeSpecHash(CREATE, FILES, "key");

    expect(computeSpecHash({ ...CREATE, Env: ["TOKEN=two"] }, FILES, "key")).not.toBe(base);
    expect(computeSpecHash(CREATE, [{ ...FILES[0]!, path: "/other/creds.json" }], "key")).not.toBe(base);
    expect(computeSpecHash({ ...CREATE, HostConfig: { Memory: 2, PidsLimit: 2 } }, FILES, "key")).not.toBe(base);
    expect(computeSpecHash(CREATE, FILES, "other-key")).not.toBe(base);
  });
});
