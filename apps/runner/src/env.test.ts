import { describe, expect, it } from "vitest";
import { readEnv } from "./env.ts";

const base = {
  DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:5432/unused",
  RUNNER_ID: "runner-1",
  RUNNER_INTERNAL_TOKEN: "an-internal-token-of-24-chars",
  SWITCHBOARD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
};

describe("runner env: image settings", () => {
  it("RUNNER_BUNDLE_BINARY_IMAGE that is not an image reference fails start-up naming the setting", () => {
    expect(() => readEnv({ ...base, RUNNER_BUNDLE_BINARY_IMAGE: "debian:bookworm-slim\nRUN curl evil" })).toThrow(
      "Switchboard runner is misconfigured:\n  RUNNER_BUNDLE_BINARY_IMAGE: expected a container image reference such as node:24-bookworm-slim",
    );
    expect(() => readEnv({ ...base, RUNNER_BUNDLE_BINARY_IMAGE: "" })).toThrow(/RUNNER_BUNDLE_BINARY_IMAGE: expected a container image reference/); // prettier-ignore
  });

  it("RUNNER_NODE_IMAGE and RUNNER_PYTHON_IMAGE are checked the same way", () => {
    expect(() => readEnv({ ...base, RUNNER_NODE_IMAGE: "node 24" })).toThrow(/RUNNER_NODE_IMAGE: expected a container image reference/); // prettier-ignore
    expect(() => readEnv({ ...base, RUNNER_PYTHON_IMAGE: "-python" })).toThrow(/RUNNER_PYTHON_IMAGE: expected a container image reference/); // prettier-ignore
  });

  it("keeps valid image references and the default binary image", () => {
    expect(readEnv(base).bundleBinaryImage).toBe("debian:bookworm-slim");
    const env = readEnv({
      ...base,
      RUNNER_BUNDLE_BINARY_IMAGE: "registry.example.com:5000/tools/base@sha256:" + "a".repeat(64),
      RUNNER_NODE_IMAGE: "node:24-bookworm-slim",
    });
    expect(env.bundleBinaryImage).toBe("registry.example.com:5000/tools/base@sha256:" + "a".repeat(64));
    expect(env.images).toEqual({ node: "node:24-bookworm-slim" });
  });
});

describe("runner env: SWITCHBOARD_BUNDLE_MAX_MB", () => {
  it("finding: allows at most 512 MiB, which a small self-hosted box can hold while a bundle is checked", () => {
    expect(readEnv({ ...base, SWITCHBOARD_BUNDLE_MAX_MB: "512" }).bundleMaxBytes).toBe(512 * 1024 * 1024);
    expect(() => readEnv({ ...base, SWITCHBOARD_BUNDLE_MAX_MB: "513" })).toThrow(/SWITCHBOARD_BUNDLE_MAX_MB: Too big: expected number to be <=512/); // prettier-ignore
  });
});

describe("runner env: image pull limits", () => {
  it("defaults to 15 minutes, or 60 s without progress, and takes whole seconds", () => {
    expect(readEnv(base).pullLimits).toEqual({ timeoutMs: 900_000, stallTimeoutMs: 60_000 });
    const env = readEnv({ ...base, RUNNER_PULL_TIMEOUT_SECONDS: "3600", RUNNER_PULL_STALL_SECONDS: "120" });
    expect(env.pullLimits).toEqual({ timeoutMs: 3_600_000, stallTimeoutMs: 120_000 });
  });

  it("refuses limits too short for docker to report progress", () => {
    expect(() => readEnv({ ...base, RUNNER_PULL_STALL_SECONDS: "1" })).toThrow(/RUNNER_PULL_STALL_SECONDS: Too small: expected number to be >=5/); // prettier-ignore
    expect(() => readEnv({ ...base, RUNNER_PULL_TIMEOUT_SECONDS: "soon" })).toThrow(/RUNNER_PULL_TIMEOUT_SECONDS: /);
  });
});
