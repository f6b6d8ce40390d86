import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { OAuthError } from "../errors.ts";
import { readLimitedBody } from "./read-limited-body.ts";

/** Like undici's response body: destroying it before the end reports an abort as an error. */
function abortingBodyOf(...chunks: string[]) {
  const queue = chunks.map((chunk) => Buffer.from(chunk));
  return new Readable({
    read() {
      this.push(queue.shift() ?? null);
    },
    destroy(error, callback) {
      callback(error ?? Object.assign(new Error("Request aborted"), { code: "UND_ERR_ABORTED" }));
    },
  });
}

/** Errors nobody handled while `run` and the ticks after it ran. */
async function uncaughtDuring(run: () => Promise<unknown>): Promise<unknown[]> {
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  process.on("uncaughtException", record);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off("uncaughtException", record);
  }
  return uncaught;
}

function bodyOf(...chunks: string[]) {
  return Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
}

async function readError(body: Readable, contentLength: string | undefined, maxBytes: number) {
  return readLimitedBody(body, contentLength, maxBytes, "big.example.com").then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("readLimitedBody", () => {
  it("returns bodies up to the limit, whole", async () => {
    await expect(readLimitedBody(bodyOf("12", "345"), undefined, 5, "big.example.com")).resolves.toStrictEqual(
      Buffer.from("12345"),
    );
    await expect(readLimitedBody(bodyOf("12345"), "5", 5, "big.example.com")).resolves.toStrictEqual(
      Buffer.from("12345"),
    );
    await expect(readLimitedBody(bodyOf(), "0", 0, "big.example.com")).resolves.toStrictEqual(Buffer.alloc(0));
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const body = bodyOf("1");
    const error = await readError(body, "6", 5);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({
      code: "response_too_large",
      message: "The response from big.example.com exceeded the 5-byte limit.",
    });
    expect(body.destroyed).toBe(true);
  });

  it("counts streamed bytes when the body is longer than declared or undeclared", async () => {
    for (const contentLength of [undefined, "1"]) {
      const body = bodyOf("123", "456");
      const error = await readError(body, contentLength, 5);
      expect(error, contentLength).toMatchObject({ code: "response_too_large" });
      expect(body.destroyed).toBe(true);
    }
  });

  it("stops reading at the chunk that passes the limit", async () => {
    let pulled = 0;
    const body = new Readable({
      read() {
        pulled++;
        this.push(Buffer.from("1234"));
      },
    });
    await expect(readError(body, undefined, 10)).resolves.toMatchObject({ code: "response_too_large" });
    expect(pulled).toBeLessThanOrEqual(4);
    expect(body.destroyed).toBe(true);
  });

  it("abandoning an oversized body does not crash the process with an unhandled stream error", async () => {
    for (const contentLength of ["6", undefined]) {
      const uncaught = await uncaughtDuring(() => readError(abortingBodyOf("123", "456", "789"), contentLength, 5));
      expect(uncaught, `Content-Length ${contentLength}`).toStrictEqual([]);
    }
  });
});
