import { describe, expect, it } from "vitest";
import { DEFAULT_LOG_LIMITS, LogBuffer } from "./log-buffer.ts";
import type { LogLine } from "./log-buffer.ts";

const texts = (lines: LogLine[]) => lines.map((line) => `${line.stream}:${line.text}`);

describe("LogBuffer", () => {
  it("splits chunks into lines per stream and keeps partial lines until completed", () => {
    const buffer = new LogBuffer();
    buffer.append("stderr", Buffer.from("first\nsec"));
    buffer.append("stdout", Buffer.from("out\r\n"));
    buffer.append("stderr", Buffer.from("ond\nthird"));

    expect(texts(buffer.read())).toEqual(["stderr:first", "stdout:out", "stderr:second"]);
    buffer.flush();
    expect(texts(buffer.read()).at(-1)).toBe("stderr:third");
  });

  it("keeps a multi-byte character split across chunks intact", () => {
    const buffer = new LogBuffer();
    const bytes = Buffer.from("héllo\n");
    buffer.append("stderr", bytes.subarray(0, 2));
    buffer.append("stderr", bytes.subarray(2));

    expect(texts(buffer.read())).toEqual(["stderr:héllo"]);
  });

  it("drops the oldest lines beyond the line and byte limits and cuts over-long lines", () => {
    const byLines = new LogBuffer({ maxLines: 2, maxBytes: 1_000, maxLineBytes: 100 });
    byLines.append("stderr", Buffer.from("a\nb\nc\n"));
    expect(texts(byLines.read())).toEqual(["stderr:b", "stderr:c"]);

    const byBytes = new LogBuffer({ maxLines: 100, maxBytes: 10, maxLineBytes: 8 });
    byBytes.append("stderr", Buffer.from("1234\n5678\nabcd\n"));
    expect(texts(byBytes.read())).toEqual(["stderr:5678", "stderr:abcd"]);
    byBytes.append("stderr", Buffer.from("0123456789"));
    expect(texts(byBytes.read()).at(-1)).toBe("stderr:01234567");
  });

  it("notifies subscribers until they unsubscribe, dropping one that throws", () => {
    const buffer = new LogBuffer();
    const seen: string[] = [];
    const unsubscribe = buffer.subscribe((line) => seen.push(line.text));
    buffer.subscribe(() => {
      throw new Error("closed stream");
    });

    buffer.append("stderr", Buffer.from("one\n"));
    unsubscribe();
    buffer.append("stderr", Buffer.from("two\n"));

    expect(seen).toEqual(["one"]);
    expect(texts(buffer.read())).toEqual(["stderr:one", "stderr:two"]);
  });

  it("finding (medium): cuts a connector's secrets out of its lines, the previous ones too, the longest first", () => {
    const buffer = new LogBuffer();
    const seen: string[] = [];
    buffer.subscribe((line) => seen.push(line.text));
    buffer.redact(["sk-live-abc", "sk-live-abcdef", "ab"]);
    buffer.append("stderr", Buffer.from("Using key sk-live-ab"));
    buffer.append("stderr", Buffer.from("cdef and sk-live-abc (short: ab)\n"));

    // A refreshed token joins; the one before it stays cut, as it is valid until it expires.
    buffer.redact(["token-two"]);
    buffer.append("stdout", Buffer.from("old sk-live-abcdef, new token-two\n"));
    buffer.redact(["token-three"]);
    buffer.redact(["token-three"]);
    buffer.append("stdout", Buffer.from("token-two token-three sk-live-abc\n"));

    const expected = [
      "stderr:Using key [redacted] and [redacted] (short: ab)",
      "stdout:old [redacted], new [redacted]",
      "stdout:[redacted] [redacted] sk-live-abc",
    ];
    expect(texts(buffer.read())).toEqual(expected);
    expect(seen).toEqual(expected.map((line) => line.slice(line.indexOf(":") + 1)));
  });

  it("finding (low): a secret across the point where an over-long line is cut is cut out too", () => {
    const key = "sk-live-0123456789abcdef";
    const buffer = new LogBuffer({ maxLines: 100, maxBytes: 10_000, maxLineBytes: 256 });
    buffer.redact([key]);
    // A server printing one long line (a settings dump): the line is cut where a chunk ends.
    buffer.append("stderr", Buffer.from(`${"x".repeat(250)}config={"key":"${key.slice(0, 12)}`));
    buffer.append("stderr", Buffer.from(`${key.slice(12)}","debug":true}\n`));

    const printed = texts(buffer.read()).join("\n");
    expect(printed).toContain("[redacted]");
    expect(printed).not.toContain(key.slice(12));
    expect(printed).not.toContain(key.slice(0, 12));
  });

  it("finding (medium): a server printing as fast as it can gets 1000 lines a second kept and the rest counted, not each redacted", () => {
    let now = 0;
    const buffer = new LogBuffer(DEFAULT_LOG_LIMITS, () => now);
    buffer.redact(["sk-live-0123456789abcdef", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"]);
    let seen = 0;
    buffer.subscribe(() => (seen += 1));

    buffer.append("stderr", Buffer.from("a\n".repeat(50_000)));
    expect(seen).toBe(1000);

    now = 1000;
    buffer.append("stderr", Buffer.from("after\n"));
    expect(texts(buffer.read()).slice(-2)).toEqual([
      "stderr:[49000 lines dropped: the server printed more than 1000 lines a second]",
      "stderr:after",
    ]);
  });
});
