import { StringDecoder } from "node:string_decoder";
import { redactSecrets } from "./redact-secrets.ts";

export type LogStream = "stdout" | "stderr";

export interface LogLine {
  stream: LogStream;
  text: string;
  at: Date;
}

export type LogListener = (line: LogLine) => void;

export interface LogBufferLimits {
  maxLines: number;
  maxBytes: number;
  /** Longer lines are cut, so a server printing without newlines cannot grow a pending line forever. */
  maxLineBytes: number;
}

export const DEFAULT_LOG_LIMITS: LogBufferLimits = { maxLines: 1000, maxBytes: 256 * 1024, maxLineBytes: 16 * 1024 };

/** The most recent output lines of one container, bounded by line count and bytes, with live subscribers. */
export class LogBuffer {
  private readonly lines: LogLine[] = [];
  private bytes = 0;
  private readonly partial: Record<LogStream, string> = { stdout: "", stderr: "" };
  // Per-stream decoders keep a multi-byte character split across two chunks intact.
  private readonly decoders: Record<LogStream, StringDecoder> = {
    stdout: new StringDecoder("utf8"),
    stderr: new StringDecoder("utf8"),
  };
  private readonly listeners = new Set<LogListener>();
  private secrets: readonly string[] = [];
  private previousSecrets: readonly string[] = [];

  constructor(private readonly limits: LogBufferLimits = DEFAULT_LOG_LIMITS) {}

  append(stream: LogStream, chunk: Buffer): void {
    const pieces = (this.partial[stream] + this.decoders[stream].write(chunk)).split("\n");
    this.partial[stream] = pieces.pop() ?? "";
    for (const piece of pieces) this.push(stream, piece.replace(/\r$/, ""));
    const partial = this.partial[stream];
    if (Buffer.byteLength(partial) >= this.limits.maxLineBytes) {
      // A secret may go on in the next chunk: the end stays for the next line, where it is cut whole.
      let cut = partial.length - Math.min(this.longestSpelling(), Math.floor(partial.length / 2));
      if (/[\uDC00-\uDFFF]/.test(partial.charAt(cut))) cut -= 1;
      this.push(stream, partial.slice(0, cut));
      this.partial[stream] = partial.slice(cut);
    }
  }

  /** The most characters a secret takes as printed (see redactSecrets; a JSON \\u escape is six for one). */
  private longestSpelling(): number {
    return 6 * Math.max(0, ...[...this.secrets, ...this.previousSecrets].map((secret) => secret.length));
  }

  /** Emits what is left of unterminated lines, e.g. when the container stopped. */
  flush(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partial[stream]) this.push(stream, this.partial[stream]);
      this.partial[stream] = "";
    }
  }

  /**
   * Cuts these values out of every line from now on: members read the logs, and servers print
   * their keys and tokens. The values named before stay cut too, as a token replaced by a
   * refresh stays valid until it expires.
   */
  redact(secrets: readonly string[]): void {
    // A start that names the same values again (a reused container) keeps the older ones.
    if (secrets.some((secret) => !this.secrets.includes(secret))) this.previousSecrets = this.secrets;
    this.secrets = [...secrets];
  }

  read(): LogLine[] {
    return [...this.lines];
  }

  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private push(stream: LogStream, raw: string): void {
    const text = truncateUtf8(redactSecrets(raw, [...this.secrets, ...this.previousSecrets]), this.limits.maxLineBytes);
    const line = { stream, text, at: new Date() };
    this.lines.push(line);
    this.bytes += Buffer.byteLength(text);
    while (this.lines.length > this.limits.maxLines || (this.bytes > this.limits.maxBytes && this.lines.length > 1)) {
      const dropped = this.lines.shift();
      this.bytes -= dropped ? Buffer.byteLength(dropped.text) : 0;
    }
    for (const listener of this.listeners) {
      // A failing subscriber (e.g. a closed UI stream) is dropped rather than breaking collection.
      try {
        listener(line);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text);
  // Decoding a cut multi-byte sequence yields U+FFFD, which is fine for a log line.
  return bytes.length <= maxBytes ? text : bytes.subarray(0, maxBytes).toString();
}
