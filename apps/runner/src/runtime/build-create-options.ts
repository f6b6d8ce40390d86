import type Docker from "dockerode";
import { CONNECTOR_LABEL, RUNNER_LABEL, getContainerName } from "./container-labels.ts";
import type { ContainerHardening } from "./container-hardening.ts";
import type { ContainerLaunch } from "./container-spec.ts";
import type { CredentialMount } from "./credential-files.ts";

export const HTTP_PATH_LABEL = "switchboard.http-path";

export interface CreateOptionsInput {
  launch: ContainerLaunch;
  hardening: ContainerHardening;
  networkName: string;
  mounts: readonly CredentialMount[];
}

/** Docker create options for a launch, without Env: secrets are added only at the create call itself. */
export function buildCreateOptions({
  launch,
  hardening,
  networkName,
  mounts,
}: CreateOptionsInput): Docker.ContainerCreateOptions {
  const resources = { ...hardening.defaultResources, ...launch.resources };
  const httpPort = launch.http ? `${launch.http.port}/tcp` : undefined;
  return {
    name: getContainerName(launch.connectorId),
    Image: launch.image,
    ...(launch.command.length > 0 ? { Entrypoint: launch.command, Cmd: launch.args } : {}),
    ...(launch.command.length === 0 && launch.args.length > 0 ? { Cmd: launch.args } : {}),
    User: hardening.user,
    Labels: {
      [CONNECTOR_LABEL]: launch.connectorId,
      [RUNNER_LABEL]: launch.runnerId,
      ...(launch.http ? { [HTTP_PATH_LABEL]: launch.http.path } : {}),
    },
    // stdio servers are driven through attach; HTTP servers have no stdin.
    OpenStdin: !launch.http,
    StdinOnce: false,
    AttachStdin: !launch.http,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    ...(httpPort ? { ExposedPorts: { [httpPort]: {} } } : {}),
    HostConfig: {
      NetworkMode: networkName,
      ...(httpPort ? { PortBindings: { [httpPort]: [{ HostIp: "127.0.0.1", HostPort: "" }] } } : {}),
      Privileged: false,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges:true"],
      ReadonlyRootfs: true,
      Init: hardening.init,
      // Docker's tmpfs is root-owned 0755 unless told otherwise, unusable for the non-root user. (When
      // the image has a /tmp, Docker copies that directory's mode over this one.)
      Tmpfs: { "/tmp": `rw,${hardening.tmpfsOptions},mode=1777,size=${hardening.tmpfsSizeBytes}` },
      Binds: mounts.map((mount) => `${mount.hostDir}:${mount.containerDir}:ro`),
      Memory: resources.memoryBytes,
      MemorySwap: resources.memoryBytes,
      NanoCpus: resources.nanoCpus,
      PidsLimit: resources.pidsLimit,
      Sysctls: { "net.ipv6.conf.all.disable_ipv6": "1" },
      RestartPolicy: { Name: "no" },
      // Nothing a server prints reaches the Docker host's disk: a stdio server's stdout is the MCP
      // conversation (user data, tool results), and servers print their keys and tokens. The runner
      // reads stderr (and an HTTP server's stdout) through attach, which needs no log driver, and
      // shows it redacted; `docker logs` has nothing to show.
      LogConfig: { Type: "none", Config: {} },
    },
  };
}

export function buildEnvList(launch: ContainerLaunch, hardening: ContainerHardening): string[] {
  return Object.entries({ ...hardening.defaultEnv, ...launch.env }).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Invalid env var name ${JSON.stringify(name)}`);
    if (value.includes("\0")) throw new Error(`Env var ${name} contains a NUL byte`);
    return `${name}=${value}`;
  });
}
