import { extract } from "tar-stream";
import type { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { packBundleContext } from "./pack-bundle-context.ts";

async function listEntries(archive: Readable): Promise<Array<[string, string | undefined, string]>> {
  const entries: Array<[string, string | undefined, string]> = [];
  const reader = extract();
  reader.on("entry", (header, stream, next) => {
    entries.push([header.name, header.type ?? undefined, (header.mode ?? 0).toString(8)]);
    stream.on("end", next);
    stream.resume();
  });
  const done = new Promise<void>((resolve) => reader.on("finish", () => resolve()));
  archive.pipe(reader);
  await done;
  return entries;
}

describe("packBundleContext", () => {
  it("copies the bundle onto the base image at /app, directories 0755, the launch's program executable", async () => {
    const files = [
      { path: "manifest.json", data: Buffer.from("{}"), mode: 0o644 as const },
      { path: "bin/server", data: Buffer.from("ELF"), mode: 0o644 as const },
      { path: "lib/a/b.js", data: Buffer.from("1"), mode: 0o644 as const },
    ];
    const entries = await listEntries(packBundleContext("debian:bookworm-slim", files, { program: "/app/bin/server" }));
    expect(entries).toEqual([
      ["Dockerfile", "file", "644"],
      ["bundle", "directory", "755"],
      ["bundle/bin", "directory", "755"],
      ["bundle/lib", "directory", "755"],
      ["bundle/lib/a", "directory", "755"],
      ["bundle/manifest.json", "file", "644"],
      ["bundle/bin/server", "file", "755"],
      ["bundle/lib/a/b.js", "file", "644"],
    ]);
  });
});
