import { describe, expect, it } from "vitest";
import { listBundlePackages } from "./list-bundle-packages.ts";

const sha = (digit: string) => digit.repeat(64);

function server(version: string, sha256: string) {
  const bundle = `https://example.com/files-${version}.mcpb`;
  return {
    name: "io.github.acme/files",
    description: "d",
    version,
    packages: [{ registryType: "mcpb", identifier: bundle, fileSha256: sha256, transport: { type: "stdio" } }],
  };
}

describe("listBundlePackages", () => {
  it("lists the bundles of a server.json and of an array of them", () => {
    expect(listBundlePackages(JSON.stringify(server("1.0.0", sha("a"))))).toEqual([
      { url: "https://example.com/files-1.0.0.mcpb", sha256: sha("a") },
    ]);
    expect(listBundlePackages("not json")).toEqual([]);
  });

  it("finding: a registry API response and list are read as the import reads them, latest versions only", () => {
    const wrapped = { server: server("1.0.0", sha("a")), _meta: {} };
    expect(listBundlePackages(JSON.stringify(wrapped))).toEqual([{ url: "https://example.com/files-1.0.0.mcpb", sha256: sha("a") }]); // prettier-ignore
    const list = { servers: [{ server: server("1.0.0", sha("a")) }, { server: server("1.1.0", sha("b")) }], metadata: { count: 2 } }; // prettier-ignore
    expect(listBundlePackages(JSON.stringify(list))).toEqual([{ url: "https://example.com/files-1.1.0.mcpb", sha256: sha("b") }]); // prettier-ignore
  });
});
