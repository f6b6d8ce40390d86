import { describe, expect, it } from "vitest";
import { selectNewestVersions } from "./select-newest-versions.ts";

const listed = (name: string, version: string, index: number) => ({
  document: { name, version },
  path: `[${index}]`,
});

describe("selectNewestVersions", () => {
  it("keeps the highest version of each server and notes the skipped ones", () => {
    const documents = [listed("a", "1.0.0", 0), listed("a", "1.2.0", 1), listed("b", "0.1.0", 2)];
    const { kept, notes } = selectNewestVersions(documents);
    expect(kept.map((document) => document.path)).toEqual(["[1]", "[2]"]);
    expect(notes).toEqual([{ path: "[0]", message: "a 1.0.0: skipped, [1] is the latest version (1.2.0) of the same server" }]); // prettier-ignore
  });

  // Review (low): the versions of one name were gathered by copying the list for every document,
  // so one 1 MiB import of 20,000 versions of one server held the web process for about 14 s.
  it("review (low): many versions of one server take linear time", () => {
    const documents = Array.from({ length: 20_000 }, (_, index) => listed("a", `x${index}`, index));
    const started = performance.now();
    expect(selectNewestVersions(documents).kept).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
