import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type Docker from "dockerode";
import { extract } from "tar-stream";
import { getContainerName } from "./container-labels.ts";

/** A VOLUME line of an image: where it is mounted, and whether the image puts files there. */
export interface ImageVolume {
  path: string;
  hasFiles: boolean;
}

/**
 * The image's VOLUME paths. Docker would give each a writable volume on the host's disk, with no
 * size limit; the runner mounts them itself (see buildCreateOptions), so it needs to know which hold
 * files: it reads them from a container of the image that is never started.
 */
export async function readImageVolumes(docker: Docker, imageId: string): Promise<ImageVolume[]> {
  const { Config } = await docker.getImage(imageId).inspect();
  const paths = Object.keys(Config.Volumes ?? {}).sort();
  if (paths.length === 0) return [];
  const probe = await docker.createContainer({
    Image: imageId,
    // Never run: an entrypoint only so that an image without a command can be created.
    Entrypoint: ["/"],
    NetworkDisabled: true,
    HostConfig: { LogConfig: { Type: "none", Config: {} } },
  });
  try {
    const volumes: ImageVolume[] = [];
    for (const path of paths) {
      volumes.push({ path, hasFiles: await hasEntries((await probe.getArchive({ path })) as Readable) });
    }
    return volumes;
  } finally {
    await probe.remove({ force: true, v: true });
  }
}

/** A named volume for a connector's copy of an image directory, the same name on every create. */
export function getImageVolumeName(connectorId: string, path: string): string {
  return `${getContainerName(connectorId)}-${createHash("sha256").update(path).digest("hex").slice(0, 12)}`;
}

/** Whether an archive of a directory holds more than the directory itself; reads no further. */
async function hasEntries(archive: Readable): Promise<boolean> {
  const entries = extract();
  const piping = pipeline(archive, entries).catch(() => undefined);
  let count = 0;
  try {
    for await (const entry of entries) {
      entry.resume();
      if (++count > 1) return true;
    }
    return false;
  } finally {
    archive.destroy();
    await piping;
  }
}
