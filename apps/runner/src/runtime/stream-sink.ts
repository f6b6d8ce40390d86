import { Writable } from "node:stream";

/** A Writable that hands every chunk to `onChunk`; the target of Docker's stream demultiplexer. */
export function createSink(onChunk: (chunk: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      onChunk(chunk);
      callback();
    },
  });
}
