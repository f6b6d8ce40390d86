import { createHash, randomBytes } from "node:crypto";
import { zipSync } from "fflate";
import type { Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { BundleError, readBundle } from "./read-bundle.ts";

const manifest = { manifest_version: "0.3", name: "tiny", server: { type: "node", mcp_config: { command: "node", args: ["${__dirname}/index.js"] } } }; // prettier-ignore
const text = (value: string) => new TextEncoder().encode(value);
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function zip(files: Zippable): Uint8Array {
  return zipSync({ "manifest.json": text(JSON.stringify(manifest)), ...files });
}

async function refusal(
  bytes: Uint8Array,
  checksum: string | undefined = sha(bytes),
  limits?: Parameters<typeof readBundle>[2],
) {
  const error = await readBundle(bytes, checksum, limits).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BundleError);
  return (error as Error).message;
}

describe("readBundle", () => {
  it("returns the manifest and every file, executables marked as such", async () => {
    const bytes = zip({
      "index.js": text("console.log(1)"),
      "bin/server": [text("#!"), { os: 3, attrs: 0o100755 << 16 }],
    });
    const bundle = await readBundle(bytes, sha(bytes).toUpperCase());
    expect(bundle.manifest).toEqual(manifest);
    expect(bundle.sha256).toBe(sha(bytes));
    expect(bundle.files.map((file) => [file.path, file.mode, file.data.toString()])).toEqual([
      ["manifest.json", 0o644, JSON.stringify(manifest)],
      ["index.js", 0o644, "console.log(1)"],
      ["bin/server", 0o755, "#!"],
    ]);
    expect((await readBundle(bytes, sha(bytes), { manifestOnly: true })).files.map((file) => file.path)).toEqual(["manifest.json"]); // prettier-ignore
  });

  it("refuses a bundle whose sha256 differs from the one its publisher gave", async () => {
    const bytes = zip({ "index.js": text("1") });
    const other = sha(text("something else"));
    expect(await refusal(bytes, other)).toBe(`the downloaded bundle's sha256 is ${sha(bytes)}, not the ${other} its publisher gave: refused`); // prettier-ignore
  });

  it("refuses a bundle without a checksum, or with one that is not a sha256", async () => {
    const bytes = zip({});
    await expect(readBundle(bytes, undefined)).rejects.toThrow(/^no sha256 checksum is given for the bundle/);
    await expect(readBundle(bytes, " ")).rejects.toThrow(/^no sha256 checksum is given for the bundle/);
    expect(await refusal(bytes, "fe333e59")).toBe('the bundle\'s sha256 "fe333e59" is not 64 hex digits');
  });

  it("refuses zip-slip entries: a path through .. or an absolute path", async () => {
    expect(await refusal(zip({ "../../etc/cron.d/x": text("x") }))).toMatch(/^the bundle has an unsafe or invalid entry: .*\.\.\/\.\.\/etc\/cron\.d\/x/); // prettier-ignore
    expect(await refusal(zip({ "/etc/passwd": text("x") }))).toMatch(/^the bundle has an unsafe or invalid entry: .*\/etc\/passwd/); // prettier-ignore
    expect(await refusal(zip({ "a\\..\\..\\x": text("x") }))).toMatch(/^the bundle has an unsafe or invalid entry/);
  });

  it("finding: refuses entry names with control characters or empty segments, and names given twice", async () => {
    expect(await refusal(zip({ "a/..\u0000x": text("x") }))).toMatch(/^the bundle has an entry with an unusable name/);
    expect(await refusal(zip({ "a//b.js": text("x") }))).toMatch(/^the bundle has an entry with an unusable name/);
    expect(await refusal(zip({ "./b.js": text("x") }))).toMatch(/^the bundle has an entry with an unusable name/);
    // Two entries of one name: the second one's name is patched over in the local and central headers.
    const twice = zip({ "aaaa.js": text("first"), "bbbb.js": text("second") });
    const patched = new TextDecoder("latin1").decode(twice).replaceAll("bbbb.js", "aaaa.js");
    const bytes = Uint8Array.from(patched, (char) => char.charCodeAt(0));
    expect(await refusal(bytes)).toBe('the bundle has the entry "aaaa.js" twice');
  });

  it("refuses a symbolic link, which would point the unpacked bundle elsewhere", async () => {
    const link = zip({ data: [text("/etc/shadow"), { os: 3, attrs: 0o120777 << 16 }] });
    expect(await refusal(link)).toBe('the bundle has a symbolic link, which is not allowed: "data"');
  });

  it("refuses a zip bomb: more uncompressed bytes than allowed, counted before inflating", async () => {
    const bomb = zip({ "zeros.bin": new Uint8Array(4 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(16 * 1024);
    expect(await refusal(bomb, undefined, { limits: { maxEntries: 10, maxUncompressedBytes: 1024 * 1024 } })).toBe("the bundle unpacks to more than 1 MiB allowed"); // prettier-ignore
  });

  it("refuses an entry that inflates past the size it declares", async () => {
    const bytes = zip({ "zeros.bin": new Uint8Array(64 * 1024) });
    const view = new DataView(bytes.buffer);
    for (let offset = 0; offset < bytes.length - 4; offset++) {
      const signature = view.getUint32(offset, true);
      if (signature === 0x04034b50 && new TextDecoder().decode(bytes.subarray(offset + 30, offset + 39)) === "zeros.bin") view.setUint32(offset + 22, 10, true); // prettier-ignore
      if (signature === 0x02014b50 && new TextDecoder().decode(bytes.subarray(offset + 46, offset + 55)) === "zeros.bin") view.setUint32(offset + 24, 10, true); // prettier-ignore
    }
    expect(await refusal(bytes)).toMatch(/^cannot read zeros\.bin in the bundle: .*too many bytes/);
  });

  it("refuses more entries than allowed", async () => {
    const many = zip(Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`f${index}.txt`, text("x")])));
    expect(await refusal(many, undefined, { limits: { maxEntries: 10, maxUncompressedBytes: 1024 * 1024 } })).toBe("the bundle has 21 entries, more than the 10 allowed"); // prettier-ignore
  });

  it("refuses what is not a bundle: not a zip, no manifest.json, a manifest that is not JSON", async () => {
    expect(await refusal(text("<html>not found</html>"))).toMatch(/^the bundle is not a valid zip file: /);
    const noManifest = zipSync({ "index.js": text("1") });
    expect(await refusal(noManifest)).toBe("the bundle has no manifest.json at its root");
    const badManifest = zipSync({ "manifest.json": text("{") });
    expect(await refusal(badManifest)).toMatch(/^the bundle's manifest\.json is not valid JSON: /);
  });
});

describe("readBundle from a download as it streams (finding: a bundle was held three times in memory)", () => {
  const big = new Uint8Array(randomBytes(3 * 1024 * 1024));
  const bytes = zip({ "index.js": text("console.log(1)"), "big.bin": big });
  async function* chunksOf(data: Uint8Array, size = 7919) {
    for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
  }

  it("hashes the chunks as they arrive and reads the zip from them, across blocks", async () => {
    expect(bytes.length).toBeGreaterThan(3 * 1024 * 1024);
    const bundle = await readBundle(chunksOf(bytes), sha(bytes));
    expect(bundle.sha256).toBe(sha(bytes));
    expect(bundle.files.map((file) => file.path)).toEqual(["manifest.json", "index.js", "big.bin"]);
    expect(bundle.files[2]!.data.equals(big)).toBe(true);
  });

  it("refuses a streamed bundle whose sha256 differs from its publisher's", async () => {
    const other = sha(text("other"));
    await expect(readBundle(chunksOf(bytes, 65536), other)).rejects.toThrow(`the downloaded bundle's sha256 is ${sha(bytes)}, not the ${other} its publisher gave: refused`); // prettier-ignore
  });

  it("refuses a download without a usable checksum before reading it, and cancels it", async () => {
    let pulled = 0;
    let cancelled = false;
    const download = () =>
      new ReadableStream<Uint8Array>(
        {
          pull: (controller) => void (pulled++, controller.enqueue(bytes)),
          cancel: () => void (cancelled = true),
        },
        { highWaterMark: 0 },
      );
    await expect(readBundle(download(), undefined)).rejects.toThrow(/^no sha256 checksum is given for the bundle/);
    expect({ pulled, cancelled }).toEqual({ pulled: 0, cancelled: true });
    cancelled = false;
    await expect(readBundle(download(), "abc")).rejects.toThrow('the bundle\'s sha256 "abc" is not 64 hex digits');
    expect({ pulled, cancelled }).toEqual({ pulled: 0, cancelled: true });
  });
});
