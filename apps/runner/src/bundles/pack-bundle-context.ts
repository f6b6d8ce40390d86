import { posix } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BundleContents } from "@switchboard/catalog/bundle";
import { pack, type Pack } from "tar-stream";

/**
 * A `docker build` context: a Dockerfile that copies the unpacked bundle onto the runtime's image
 * at the bundle directory (`${__dirname}`), owned by root and only readable by the container's
 * non-root user, so the server cannot change its own code (the root is read-only too). Each file
 * is unzipped as the build reads the context, so the unpacked bundle is never held in memory; a
 * file that cannot be unzipped ends the context with its error.
 */
export function packBundleContext(
  baseImage: string,
  contents: BundleContents,
  { bundleDir = "/app", program }: { bundleDir?: string; program?: string } = {},
): Readable {
  const archive = pack();
  const dockerfile = [`FROM ${baseImage}`, `COPY bundle/ ${bundleDir}/`, `WORKDIR ${bundleDir}`, ""].join("\n");
  archive.entry({ name: "Dockerfile", mode: 0o644 }, dockerfile);
  const directories = new Set<string>(["bundle"]);
  for (const file of contents.files) {
    for (let dir = posix.dirname(file.path); dir !== "."; dir = posix.dirname(dir)) directories.add(`bundle/${dir}`);
  }
  // Parents before children; an explicit entry keeps each directory 0755 whatever the zip said.
  for (const dir of [...directories].sort()) archive.entry({ name: dir, type: "directory", mode: 0o755, uid: 0, gid: 0 }); // prettier-ignore
  // Zips made on Windows carry no Unix modes: the program the launch runs is executable regardless.
  const executable = program?.startsWith(`${bundleDir}/`) ? program.slice(bundleDir.length + 1) : undefined;
  writeFiles(archive, contents, executable).then(
    () => archive.finalize(),
    (error: Error) => archive.destroy(error),
  );
  return archive as unknown as Readable;
}

async function writeFiles(archive: Pack, contents: BundleContents, executable: string | undefined): Promise<void> {
  for (const file of contents.files) {
    const mode = file.path === executable ? 0o755 : file.mode;
    const sink = archive.entry({ name: `bundle/${file.path}`, size: file.size, mode, uid: 0, gid: 0 });
    // A failed entry fails the archive, whose reader hears the error.
    sink.on("error", () => {});
    // Backpressure, and a context destroyed mid-file (the build is over) ends the loop and closes
    // the file's reader, letting go of the bundle.
    await pipeline(contents.readFile(file), sink);
  }
}
