import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonBody } from "./read-json-body.ts";

const schema = z.object({ settings: z.record(z.string(), z.string()) });
const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://switchboard.test/api/v1/connectors", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);

describe("readJsonBody", () => {
  it("reads a JSON body against its schema, naming a mismatched field", async () => {
    expect(await readJsonBody(post('{"settings":{"greeting":"hi"}}'), schema)).toEqual({
      settings: { greeting: "hi" },
    });
    await expect(readJsonBody(post('{"settings":{"greeting":1}}'), schema)).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { "settings.greeting": expect.any(String) },
    });
    await expect(readJsonBody(post("{not json"), schema)).rejects.toThrow("not JSON");
  });

  it("finding: a body without a length is read only up to the limit, then dropped", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16 * 1024).fill(32));
      },
    });
    await expect(readJsonBody(post(endless), schema)).rejects.toThrow("over 64 KiB");
    expect(pulled).toBeLessThanOrEqual(8);
  });

  it("refuses a declared length over the limit before reading", async () => {
    await expect(readJsonBody(post("{}", { "content-length": String(65 * 1024) }), schema)).rejects.toThrow(
      "over 64 KiB",
    );
  });
});
