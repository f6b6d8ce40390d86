import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./create-logger.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, destination };
}

const TOKEN = "sb_live_0123456789abcdef-never-log";

describe("createLogger", () => {
  it.each(["runner", "gateway", "web"])(
    "redacts a token placed in a %s log line, wherever the object puts it",
    (name) => {
      const { lines, destination } = capture();
      const logger = createLogger({ name, destination });
      logger.info({ accessToken: TOKEN, credential: { refreshToken: TOKEN, id: "c1" } }, "refreshed");
      logger.warn(
        { headers: { authorization: `Bearer ${TOKEN}` }, request: { headers: { cookie: TOKEN } } },
        "upstream",
      );
      logger.error({ token: TOKEN, client: { clientSecret: TOKEN } }, "failed");

      const output = lines.join("");
      expect(output).not.toContain(TOKEN);
      expect(output.match(/\[redacted\]/g)).toHaveLength(6);
      expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
        name,
        credential: { id: "c1", refreshToken: "[redacted]" },
      });
    },
  );

  it("keeps the process name with custom base fields", () => {
    const { lines, destination } = capture();
    createLogger({ name: "runner", destination, base: { instance: "a1" } }).info("started");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ name: "runner", instance: "a1", msg: "started" });
  });
});
