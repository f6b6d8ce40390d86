import type Docker from "dockerode";
import { CONNECTOR_LABEL, RUNNER_LABEL, getContainerName } from "./container-labels.ts";
import type { ContainerHardening } from "./container-hardening.ts";
import type { ContainerLaunch } from "./container-spec.ts";
import type { CredentialMount } from "./credential-files.ts";
import { getImageVolumeName, type ImageVolume } from "./image-volumes.ts";

export const HTTP_PATH_LABEL = "switchboard.http-path";

export interface CreateOptionsInput {
  launch: ContainerLaunch;
  hardening: ContainerHardening;
  networkName: string;
  mounts: readonly CredentialMount[];
  imageVolumes: readonly ImageVolume[];
}

/** Docker create options for a launch, without Env: secrets are added only at the create call itself. */
export function buildCreateOptions({
  launch,
  hardening,
  networkName,
  mounts,
  imageVolumes,
}: CreateOptionsInput): Docker.ContainerCreateOptions {
  const resources = { ...hardening.defaultResources, ...launch.resources };
  // An image's VOLUME would be a writable volume on the host's disk with no size limit, the one place
  // a read-only root leaves a server to fill it. An empty one is scratch space in RAM, limited like
  // /tmp (Docker gives it the image directory's mode); one with files gets them in a read-only copy.
  const ownMounts = new Set(["/tmp", ...mounts.map((mount) => mount.containerDir)]);
  const volumes = imageVolumes.filter((volume) => !ownMounts.has(volume.path));
  // Docker makes a credential file's directory inside a volume, which a read-only copy refuses.
  const holdsMount = (path: string) => mounts.some((mount) => mount.containerDir.startsWith(`${path}/`));
  const scratchVolumes = volumes.filter((volume) => !volume.hasFiles || holdsMount(volume.path));
  const copiedVolumes = volumes.filter((volume) => volume.hasFiles && !holdsMount(volume.path));
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
      Tmpfs: {
        "/tmp": `rw,${hardening.tmpfsOptions},mode=1777,size=${hardening.tmpfsSizeBytes}`,
        ...Object.fromEntries(
          scratchVolumes.map((volume) => [
            volume.path,
            `rw,${hardening.tmpfsOptions},size=${hardening.tmpfsSizeBytes}`,
          ]),
        ),
      },
      Binds: mounts.map((mount) => `${mount.hostDir}:${mount.containerDir}:ro`),
      // Only when there are any: a new key would change every container's spec hash, recreating it.
      ...(copiedVolumes.length > 0 && {
        Mounts: copiedVolumes.map((volume) => ({
          Type: "volume",
          Source: getImageVolumeName(launch.connectorId, volume.path),
          Target: volume.path,
          ReadOnly: true,
          VolumeOptions: {
            // Docker copies the image's files into the new volume, as it does for a VOLUME.
            NoCopy: false,
            DriverConfig: { Name: "local", Options: {} },
            Labels: { [CONNECTOR_LABEL]: launch.connectorId, [RUNNER_LABEL]: launch.runnerId },
          },
        })),
      }),
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
