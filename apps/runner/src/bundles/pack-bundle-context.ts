import { posix } from "node:path";
import type { Readable } from "node:stream";
import type { BundleFile } from "@switchboard/catalog/bundle";
import { pack } from "tar-stream";

/**
 * A `docker build` context in memory: a Dockerfile that copies the unpacked bundle onto the
 * runtime's image at the bundle directory (`${__dirname}`), owned by root and only readable by the
 * container's non-root user, so the server cannot change its own code (the root is read-only too).
 */
export function packBundleContext(
  baseImage: string,
  files: readonly BundleFile[],
  { bundleDir = "/app", program }: { bundleDir?: string; program?: string } = {},
): Readable {
  const archive = pack();
  const dockerfile = [`FROM ${baseImage}`, `COPY bundle/ ${bundleDir}/`, `WORKDIR ${bundleDir}`, ""].join("\n");
  archive.entry({ name: "Dockerfile", mode: 0o644 }, dockerfile);
  const directories = new Set<string>(["bundle"]);
  for (const file of files) {
    for (let dir = posix.dirname(file.path); dir !== "."; dir = posix.dirname(dir)) directories.add(`bundle/${dir}`);
  }
  // Parents before children; an explicit entry keeps each directory 0755 whatever the zip said.
  for (const dir of [...directories].sort()) archive.entry({ name: dir, type: "directory", mode: 0o755, uid: 0, gid: 0 }); // prettier-ignore
  // Zips made on Windows carry no Unix modes: the program the launch runs is executable regardless.
  const executable = program?.startsWith(`${bundleDir}/`) ? program.slice(bundleDir.length + 1) : undefined;
  for (const file of files) {
    const mode = file.path === executable ? 0o755 : file.mode;
    archive.entry({ name: `bundle/${file.path}`, mode, uid: 0, gid: 0 }, file.data);
  }
  archive.finalize();
  return archive as unknown as Readable;
}
