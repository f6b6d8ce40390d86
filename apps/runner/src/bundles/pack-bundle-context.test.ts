import { extract } from "tar-stream";
import type { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { BundleContents } from "@switchboard/catalog/bundle";
import { packBundleContext } from "./pack-bundle-context.ts";

async function listEntries(archive: Readable): Promise<Array<[string, string | undefined, string, number]>> {
  const entries: Array<[string, string | undefined, string, number]> = [];
  const reader = extract();
  reader.on("entry", (header, stream, next) => {
    let size = 0;
    stream.on("data", (chunk: unknown) => (size += (chunk as Buffer).length));
    stream.on("end", () => {
      entries.push([header.name, header.type ?? undefined, (header.mode ?? 0).toString(8), size]);
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    reader.on("finish", () => resolve());
    archive.once("error", reject);
    reader.once("error", reject);
  });
  archive.pipe(reader);
  await done;
  return entries;
}

/** A bundle's contents as openBundle gives them; `read` counts the bytes handed out. */
function contentsOf(files: Record<string, Buffer>, read = { bytes: 0 }): BundleContents {
  return {
    files: Object.entries(files).map(([path, data]) => ({ path, mode: 0o644, size: data.length })),
    async *readFile(file) {
      const data = files[file.path]!;
      for (let at = 0; at < data.length; at += 64 * 1024) {
        const chunk = data.subarray(at, at + 64 * 1024);
        read.bytes += chunk.length;
        yield chunk;
      }
    },
  };
}

describe("packBundleContext", () => {
  it("copies the bundle onto the base image at /app, directories 0755, the launch's program executable", async () => {
    const contents = contentsOf({ "manifest.json": Buffer.from("{}"), "bin/server": Buffer.from("ELF"), "lib/a/b.js": Buffer.from("1") }); // prettier-ignore
    const entries = await listEntries(packBundleContext("debian:bookworm-slim", contents, { program: "/app/bin/server" })); // prettier-ignore
    expect(entries).toEqual([
      ["Dockerfile", "file", "644", 58],
      ["bundle", "directory", "755", 0],
      ["bundle/bin", "directory", "755", 0],
      ["bundle/lib", "directory", "755", 0],
      ["bundle/lib/a", "directory", "755", 0],
      ["bundle/manifest.json", "file", "644", 2],
      ["bundle/bin/server", "file", "755", 3],
      ["bundle/lib/a/b.js", "file", "644", 1],
    ]);
  });

  it("finding: unpacks the files only as the build reads the context, never all of them at once", async () => {
    const read = { bytes: 0 };
    const big = Buffer.alloc(4 * 1024 * 1024, 1);
    const archive = packBundleContext("debian:bookworm-slim", contentsOf({ "a.bin": big, "b.bin": big }, read));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nobody reads the context yet: only what the stream buffers was unpacked, not 8 MiB.
    expect(read.bytes).toBeLessThan(1024 * 1024);
    const entries = await listEntries(archive);
    expect(entries.slice(-2)).toEqual([
      ["bundle/a.bin", "file", "644", big.length],
      ["bundle/b.bin", "file", "644", big.length],
    ]);
    expect(read.bytes).toBe(2 * big.length);
  });

  it("ends the context with the error when a file cannot be read, so the build fails with it", async () => {
    const contents: BundleContents = {
      files: [{ path: "x.js", mode: 0o644, size: 10 }],
      // eslint-disable-next-line require-yield -- fails before its first chunk
      async *readFile() {
        throw new Error("cannot read x.js in the bundle: invalid stored block lengths");
      },
    };
    await expect(listEntries(packBundleContext("debian:bookworm-slim", contents))).rejects.toThrow(
      "cannot read x.js in the bundle: invalid stored block lengths",
    );
  });

  it("finding: a context destroyed while a file is still inflating lets go of the bundle (its reader is closed)", async () => {
    let release!: () => void;
    const slowInflate = new Promise<void>((resolve) => (release = resolve));
    let readerClosed = false;
    let secondChunkHandedOut = false;
    const contents: BundleContents = {
      files: [{ path: "server.js", mode: 0o644, size: 2 }],
      async *readFile() {
        try {
          yield Buffer.from("a");
          await slowInflate;
          secondChunkHandedOut = true;
          yield Buffer.from("b");
        } finally {
          readerClosed = true;
        }
      },
    };
    const context = packBundleContext("debian:bookworm-slim", contents);
    context.on("error", () => {});
    context.resume();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // As ensureBuiltImage does once a build is over, here while the file's next chunk is inflating.
    context.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(secondChunkHandedOut).toBe(true);
    // Before: the writer waited for a `close` the destroyed entry had already sent, holding the bundle.
    expect(readerClosed).toBe(true);
  });
});
