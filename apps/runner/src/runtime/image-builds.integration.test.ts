import type { Readable } from "node:stream";
import { pack } from "tar-stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestRuntime } from "./testing/create-test-runtime.ts";
import type { TestRuntime } from "./testing/create-test-runtime.ts";

// Finding: a bundle build holds its download and unpacked files in memory; several at once could
// take a small host's memory. The runner builds one image at a time; the others wait their turn
// before their context (the download) is even asked for.
const RUN = Date.now().toString(36);
const TAGS = [`switchboard-test-build:${RUN}-a`, `switchboard-test-build:${RUN}-b`];
let t: TestRuntime;

beforeAll(async () => {
  t = await createTestRuntime();
}, 120_000);

afterAll(async () => {
  for (const tag of TAGS)
    await t.docker
      .getImage(tag)
      .remove()
      .catch(() => undefined);
});

it("finding: builds one image at a time; the next build's context is asked for once the one before is built", async () => {
  const events: string[] = [];
  const contextFor = (name: string) => async () => {
    events.push(`${name}: context asked for`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const archive = pack();
    archive.entry({ name: "Dockerfile" }, "FROM scratch\nCOPY name /name\n");
    archive.entry({ name: "name" }, name);
    archive.finalize();
    archive.once("end", () => events.push(`${name}: context sent`));
    return archive as unknown as Readable;
  };
  const ids = await Promise.all([
    t.runtime.ensureBuiltImage(TAGS[0]!, contextFor("a")),
    t.runtime.ensureBuiltImage(TAGS[1]!, contextFor("b")),
  ]);
  expect(events).toEqual(["a: context asked for", "a: context sent", "b: context asked for", "b: context sent"]);
  expect(ids[0]).not.toBe(ids[1]);
  // Built images are not built again, and do not wait for anything.
  expect(await t.runtime.ensureBuiltImage(TAGS[0]!, () => Promise.reject(new Error("not built again")))).toBe(ids[0]);
});
