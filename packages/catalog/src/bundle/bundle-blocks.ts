import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import yauzl from "yauzl";

/** Fixed-size blocks: a range read finds its block by division, whatever sizes the chunks came in. */
const BLOCK_BYTES = 1024 * 1024;

/**
 * A downloaded bundle, kept once: each chunk is copied into 1 MiB blocks as it arrives and hashed
 * on the way (no joined copy of the whole, no second pass), and yauzl reads the zip straight from
 * the blocks.
 */
export class BundleBlocks extends yauzl.RandomAccessReader {
  private readonly blocks: Buffer[] = [];
  private length = 0;

  private constructor() {
    super();
  }

  /** Stores the chunks as they stream in and returns them with their sha256. */
  static async collect(
    chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  ): Promise<{ blocks: BundleBlocks; sha256: string }> {
    const stored = new BundleBlocks();
    const hash = createHash("sha256");
    for await (const chunk of chunks) {
      hash.update(chunk);
      stored.append(chunk);
    }
    return { blocks: stored, sha256: hash.digest("hex") };
  }

  get size(): number {
    return this.length;
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(this.slices(start, end), { objectMode: false });
  }

  private append(chunk: Uint8Array): void {
    for (let offset = 0; offset < chunk.length;) {
      const at = this.length % BLOCK_BYTES;
      if (at === 0) this.blocks.push(Buffer.alloc(BLOCK_BYTES));
      const copied = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).copy(
        this.blocks.at(-1)!,
        at,
        offset,
      );
      offset += copied;
      this.length += copied;
    }
  }

  private *slices(start: number, end: number): Generator<Buffer> {
    for (let position = start; position < end;) {
      const at = position % BLOCK_BYTES;
      const slice = this.blocks[Math.floor(position / BLOCK_BYTES)]!.subarray(
        at,
        Math.min(BLOCK_BYTES, at + end - position),
      );
      position += slice.length;
      yield slice;
    }
  }
}
