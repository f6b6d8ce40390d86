import { StringDecoder } from "node:string_decoder";
import { createRedactor } from "./redact-secrets.ts";

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
  /**
   * Lines kept per second; more are counted and dropped, so a server printing as fast as it can does
   * not hold the runner, which redacts every line, from its other connectors. Default 1000.
   */
  maxLinesPerSecond?: number;
}

export const DEFAULT_LOG_LIMITS: LogBufferLimits = { maxLines: 1000, maxBytes: 256 * 1024, maxLineBytes: 16 * 1024 };
const DEFAULT_MAX_LINES_PER_SECOND = 1000;

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
  private redactLine = createRedactor([]);
  private windowStart = -Infinity;
  private windowLines = 0;
  private dropped = 0;

  constructor(
    private readonly limits: LogBufferLimits = DEFAULT_LOG_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  append(stream: LogStream, chunk: Buffer): void {
    this.startWindow(stream);
    const pieces = (this.partial[stream] + this.decoders[stream].write(chunk)).split("\n");
    this.partial[stream] = pieces.pop() ?? "";
    for (const piece of pieces) this.accept(stream, piece.replace(/\r$/, ""));
    const partial = this.partial[stream];
    if (Buffer.byteLength(partial) >= this.limits.maxLineBytes) {
      // A secret may go on in the next chunk: the end stays for the next line, where it is cut whole.
      let cut = partial.length - Math.min(this.longestSpelling(), Math.floor(partial.length / 2));
      if (/[\uDC00-\uDFFF]/.test(partial.charAt(cut))) cut -= 1;
      this.accept(stream, partial.slice(0, cut));
      this.partial[stream] = partial.slice(cut);
    }
  }

  /** A second after the last window began, a new one; the lines the last one dropped are reported. */
  private startWindow(stream: LogStream): void {
    const now = this.now();
    if (now - this.windowStart < 1000) return;
    this.reportDropped(stream);
    this.windowStart = now;
    this.windowLines = 0;
  }

  private reportDropped(stream: LogStream): void {
    if (this.dropped === 0) return;
    const limit = this.limits.maxLinesPerSecond ?? DEFAULT_MAX_LINES_PER_SECOND;
    this.push(stream, `[${this.dropped} lines dropped: the server printed more than ${limit} lines a second]`);
    this.dropped = 0;
  }

  private accept(stream: LogStream, raw: string): void {
    if (this.windowLines >= (this.limits.maxLinesPerSecond ?? DEFAULT_MAX_LINES_PER_SECOND)) {
      this.dropped += 1;
      return;
    }
    this.windowLines += 1;
    this.push(stream, raw);
  }

  /** The most characters a secret takes as printed (see redactSecrets; a JSON \\u escape is six for one). */
  private longestSpelling(): number {
    return 6 * Math.max(0, ...[...this.secrets, ...this.previousSecrets].map((secret) => secret.length));
  }

  /** Emits what is left of unterminated lines, e.g. when the container stopped. */
  flush(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partial[stream]) this.accept(stream, this.partial[stream]);
      this.partial[stream] = "";
    }
    this.reportDropped("stderr");
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
    this.redactLine = createRedactor([...this.secrets, ...this.previousSecrets]);
  }

  read(): LogLine[] {
    return [...this.lines];
  }

  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private push(stream: LogStream, raw: string): void {
    const text = truncateUtf8(this.redactLine(raw), this.limits.maxLineBytes);
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
