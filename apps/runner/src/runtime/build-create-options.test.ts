import { describe, expect, it } from "vitest";
import { buildCreateOptions, buildEnvList } from "./build-create-options.ts";
import { DEFAULT_HARDENING } from "./container-hardening.ts";
import type { ContainerLaunch } from "./container-spec.ts";
import type { ImageVolume } from "./image-volumes.ts";

const LAUNCH: ContainerLaunch = {
  connectorId: "inst1",
  runnerId: "runner-a",
  image: "node:24-bookworm-slim",
  command: ["npx"],
  args: ["-y", "some-mcp-server"],
  env: { API_TOKEN: "secret-value" },
  files: [],
};

function build(launch: Partial<ContainerLaunch> = {}, imageVolumes: ImageVolume[] = []) {
  return buildCreateOptions({
    launch: { ...LAUNCH, ...launch },
    hardening: DEFAULT_HARDENING,
    networkName: "switchboard-mcp",
    mounts: [{ hostDir: "/dev/shm/switchboard/inst1/abc", containerDir: "/home/app/.config" }],
    imageVolumes,
  });
}

describe("buildCreateOptions", () => {
  it("hardens the container", () => {
    const options = build();

    expect(options.User).toBe("65532:65532");
    expect(options.HostConfig).toMatchObject({
      NetworkMode: "switchboard-mcp",
      Privileged: false,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges:true"],
      ReadonlyRootfs: true,
      Init: true,
      Tmpfs: { "/tmp": "rw,noexec,nosuid,nodev,mode=1777,size=67108864" },
      Memory: 512 * 1024 * 1024,
      MemorySwap: 512 * 1024 * 1024,
      NanoCpus: 1_000_000_000,
      PidsLimit: 256,
      Binds: ["/dev/shm/switchboard/inst1/abc:/home/app/.config:ro"],
      RestartPolicy: { Name: "no" },
    });
  });

  it("never carries env values; those are added at the create call", () => {
    expect(JSON.stringify(build())).not.toContain("secret-value");
    expect(build()).not.toHaveProperty("Env");
  });

  it("wires a stdio server for attach and keeps its stdout off disk", () => {
    const options = build();

    expect(options).toMatchObject({ name: "sb-inst-inst1", OpenStdin: true, StdinOnce: false, Tty: false });
    expect(options.Entrypoint).toEqual(["npx"]);
    expect(options.Cmd).toEqual(["-y", "some-mcp-server"]);
    expect(options.HostConfig?.LogConfig?.Type).toBe("none");
    expect(options.Labels).toEqual({ "switchboard.installation": "inst1", "switchboard.runner": "runner-a" });
  });

  it("publishes an HTTP server's port on 127.0.0.1 only, on a random host port", () => {
    const options = build({ http: { port: 8000, path: "/mcp" } });

    expect(options.OpenStdin).toBe(false);
    expect(options.ExposedPorts).toEqual({ "8000/tcp": {} });
    expect(options.HostConfig?.PortBindings).toEqual({ "8000/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] });
    expect(options.Labels?.["switchboard.http-path"]).toBe("/mcp");
  });

  it("finding (low): keeps an HTTP server's output off the Docker host's disk too (servers print their secrets)", () => {
    expect(build({ http: { port: 8000, path: "/mcp" } }).HostConfig?.LogConfig).toEqual({ Type: "none", Config: {} });
  });

  it("finding (medium): mounts an image's volumes itself, never as writable host disk", () => {
    const { HostConfig } = build({}, [
      { path: "/data", hasFiles: false },
      { path: "/seeded", hasFiles: true },
      { path: "/tmp", hasFiles: false },
      { path: "/home/app/.config", hasFiles: true },
    ]);

    expect(HostConfig?.Tmpfs).toEqual({
      "/tmp": `rw,noexec,nosuid,nodev,mode=1777,size=${64 * 1024 * 1024}`,
      "/data": `rw,noexec,nosuid,nodev,size=${64 * 1024 * 1024}`,
    });
    expect(HostConfig?.Mounts).toEqual([
      expect.objectContaining({
        Type: "volume",
        Target: "/seeded",
        ReadOnly: true,
        Source: expect.stringMatching(/^sb-inst-inst1-[0-9a-f]{12}$/),
      }),
    ]);
  });

  it("gives an image's volume holding a credential file's directory a tmpfs: Docker cannot make that directory in a read-only copy", () => {
    const { HostConfig } = build({}, [{ path: "/home/app", hasFiles: true }]);

    expect(HostConfig?.Tmpfs).toMatchObject({ "/home/app": `rw,noexec,nosuid,nodev,size=${64 * 1024 * 1024}` });
    expect(HostConfig?.Mounts).toBeUndefined();
  });

  it("keeps the image entrypoint when no command is given", () => {
    expect(build({ command: [], args: [] })).not.toHaveProperty("Entrypoint");
    expect(build({ command: [], args: [] })).not.toHaveProperty("Cmd");
    expect(build({ command: [], args: ["--stdio"] }).Cmd).toEqual(["--stdio"]);
  });

  it("applies the launch's resources over the defaults", () => {
    const options = build({ resources: { memoryBytes: 128 * 1024 * 1024 } });

    expect(options.HostConfig).toMatchObject({ Memory: 128 * 1024 * 1024, PidsLimit: 256 });
  });
});

describe("buildEnvList", () => {
  it("adds the default HOME unless the launch sets it", () => {
    expect(buildEnvList(LAUNCH, DEFAULT_HARDENING)).toEqual(["HOME=/tmp", "API_TOKEN=secret-value"]);
    expect(buildEnvList({ ...LAUNCH, env: { HOME: "/home/app" } }, DEFAULT_HARDENING)).toEqual(["HOME=/home/app"]);
  });

  it("rejects names Docker would misparse", () => {
    expect(() => buildEnvList({ ...LAUNCH, env: { "A=B": "x" } }, DEFAULT_HARDENING)).toThrow(/Invalid env var name/);
    expect(() => buildEnvList({ ...LAUNCH, env: { A: "x\0y" } }, DEFAULT_HARDENING)).toThrow(/NUL/);
  });
});
