import type { Readable } from "node:stream";
import yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";
import { BundleBlocks } from "./bundle-blocks.ts";

/** An MCP bundle (`.mcpb`, formerly `.dxt`) failed a safety or integrity check; the message says which. */
export class BundleError extends Error {
  override readonly name = "BundleError";
}

export interface BundleLimits {
  /** Entries in the zip's central directory, counted before anything is inflated. */
  maxEntries: number;
  /** Sum of the entries' uncompressed sizes (a zip bomb declares small sizes; yauzl enforces them). */
  maxUncompressedBytes: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { maxEntries: 10_000, maxUncompressedBytes: 256 * 1024 * 1024 };

/** Downloads larger than this are refused while they stream in. */
export const DEFAULT_MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** A file of a bundle, as its zip lists it. */
export interface BundleEntry {
  /** Relative, `/`-separated, never absolute and never through `..`. */
  path: string;
  /** 0o755 when the zip marks the file executable (a `binary` bundle's program), else 0o644. */
  mode: 0o755 | 0o644;
  /** Uncompressed bytes; inflating to any other size is an error. */
  size: number;
}

export interface BundleFile extends Omit<BundleEntry, "size"> {
  data: Buffer;
}

/** A bundle's files, each unzipped only when it is read. */
export interface BundleContents {
  files: readonly BundleEntry[];
  /** The file's bytes as they inflate; a `BundleError` when they cannot be. */
  readFile(file: BundleEntry): AsyncIterable<Buffer>;
}

export interface OpenedBundle extends BundleContents {
  sha256: string;
  /** The parsed `manifest.json` (DXT / MCPB format). */
  manifest: unknown;
  close(): void;
}

export interface ReadBundle {
  sha256: string;
  /** The parsed `manifest.json` (DXT / MCPB format). */
  manifest: unknown;
  /** Every file, or only `manifest.json` when asked for the manifest alone. */
  files: BundleFile[];
}

const SHA256 = /^[0-9a-f]{64}$/;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** The bundle's bytes, or its download as it streams in (a `Response` body). */
export type BundleSource = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Verifies a downloaded bundle against the checksum its publisher gave and opens it. A download is
 * hashed as it streams in and kept once (`BundleBlocks`); the files are unzipped only when read.
 * The checksum is mandatory: without it nobody vouches for the bytes a container would run. Every
 * entry is checked before anything is inflated: count, declared sizes, names (no absolute paths,
 * no `..`, no backslashes) and no symlinks, so unpacking it anywhere stays inside that place.
 * The caller closes it.
 */
export async function openBundle(
  source: BundleSource,
  expectedSha256: string | undefined,
  { limits = DEFAULT_BUNDLE_LIMITS }: { limits?: BundleLimits } = {},
): Promise<OpenedBundle> {
  const chunks = source instanceof Uint8Array ? [source] : source;
  let expected: string;
  try {
    expected = parseChecksum(expectedSha256);
  } catch (error) {
    // Refused before a byte is read: the download is cancelled, not left holding its connection.
    if (Symbol.asyncIterator in chunks) await chunks[Symbol.asyncIterator]().return?.();
    throw error;
  }
  const { blocks, sha256 } = await BundleBlocks.collect(chunks);
  if (sha256 !== expected) {
    throw new BundleError(`the downloaded bundle's sha256 is ${sha256}, not the ${expected} its publisher gave: refused`); // prettier-ignore
  }
  const zip = await openZip(blocks);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new BundleError(`the bundle has ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed`);
    }
    const entries = await listEntries(zip);
    checkEntries(entries, limits);
    const byFile = new Map<BundleEntry, Entry>();
    for (const entry of entries.filter((entry) => !entry.fileName.endsWith("/"))) {
      const mode = isExecutable(entry) ? 0o755 : 0o644;
      byFile.set({ path: entry.fileName, mode, size: entry.uncompressedSize }, entry);
    }
    const readFile = (file: BundleEntry) => readEntry(zip, byFile.get(file)!);
    const manifestFile = [...byFile.keys()].find((file) => file.path === "manifest.json");
    if (!manifestFile) throw new BundleError("the bundle has no manifest.json at its root");
    const manifest = parseManifest(await collect(readFile(manifestFile)));
    return { sha256, manifest, files: [...byFile.keys()], readFile, close: () => zip.close() };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/** `openBundle`, with every file (or only `manifest.json`) read into memory. */
export async function readBundle(
  source: BundleSource,
  expectedSha256: string | undefined,
  { manifestOnly = false, limits = DEFAULT_BUNDLE_LIMITS }: { manifestOnly?: boolean; limits?: BundleLimits } = {},
): Promise<ReadBundle> {
  const bundle = await openBundle(source, expectedSha256, { limits });
  try {
    const wanted = bundle.files.filter((file) => !manifestOnly || file.path === "manifest.json");
    const files: BundleFile[] = [];
    for (const file of wanted) files.push({ path: file.path, mode: file.mode, data: await collect(bundle.readFile(file)) }); // prettier-ignore
    return { sha256: bundle.sha256, manifest: bundle.manifest, files };
  } finally {
    bundle.close();
  }
}

function parseChecksum(expected: string | undefined): string {
  if (expected === undefined || expected.trim() === "") {
    throw new BundleError("no sha256 checksum is given for the bundle: a bundle is only installed when its publisher's checksum (fileSha256) vouches for it"); // prettier-ignore
  }
  const normalized = expected.trim().toLowerCase();
  if (!SHA256.test(normalized)) throw new BundleError(`the bundle's sha256 ${JSON.stringify(expected)} is not 64 hex digits`); // prettier-ignore
  return normalized;
}

function openZip(blocks: BundleBlocks): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // strictFileNames: a backslash is refused rather than read as a separator.
    // autoClose off: the entries are listed first and read after, from the same reader.
    const options = { autoClose: false, lazyEntries: true, strictFileNames: true, validateEntrySizes: true };
    yauzl.fromRandomAccessReader(blocks, blocks.size, options, (error, zip) => {
      if (error) reject(new BundleError(`the bundle is not a valid zip file: ${error.message}`));
      else resolve(zip);
    });
  });
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on("entry", (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once("end", () => resolve(entries));
    // yauzl names the offending path ("invalid relative path: ../x", "absolute path: /x").
    zip.once("error", (error: Error) => reject(new BundleError(`the bundle has an unsafe or invalid entry: ${error.message}`))); // prettier-ignore
    zip.readEntry();
  });
}

function hasControlCharacter(name: string): boolean {
  return [...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

function checkEntries(entries: readonly Entry[], limits: BundleLimits): void {
  let total = 0;
  const names = new Set<string>();
  for (const entry of entries) {
    const name = entry.fileName;
    if (name.startsWith("/") || name.split("/").some((segment) => segment === "..") || name.includes("\\")) {
      throw new BundleError(`the bundle has an entry outside its folder: ${JSON.stringify(name)}`);
    }
    // A NUL or other control character ends or bends the name in the tar the image is built from.
    if (
      hasControlCharacter(name) ||
      name
        .replace(/\/$/, "")
        .split("/")
        .some((segment) => segment === "" || segment === ".")
    ) {
      throw new BundleError(`the bundle has an entry with an unusable name: ${JSON.stringify(name)}`);
    }
    // The import reads the first of two same-named entries, an image build would keep the last.
    if (names.has(name)) throw new BundleError(`the bundle has the entry ${JSON.stringify(name)} twice`);
    names.add(name);
    if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
      throw new BundleError(`the bundle has a symbolic link, which is not allowed: ${JSON.stringify(name)}`);
    }
    total += entry.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      throw new BundleError(`the bundle unpacks to more than ${formatMiB(limits.maxUncompressedBytes)} allowed`);
    }
  }
}

async function* readEntry(zip: ZipFile, entry: Entry): AsyncGenerator<Buffer> {
  const fail = (cause: Error) => new BundleError(`cannot read ${entry.fileName} in the bundle: ${cause.message}`);
  const stream = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (error, opened) => (error ? reject(fail(error)) : resolve(opened)));
  });
  try {
    // validateEntrySizes: inflating past the declared size is an error here, not a full disk.
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw fail(error as Error);
  }
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

function isExecutable(entry: Entry): boolean {
  return ((entry.externalFileAttributes >>> 16) & 0o111) !== 0;
}

function parseManifest(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString("utf8")) as unknown;
  } catch (error) {
    throw new BundleError(`the bundle's manifest.json is not valid JSON: ${(error as Error).message}`);
  }
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}
