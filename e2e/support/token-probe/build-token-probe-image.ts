import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { followProgress } from "@switchboard/runner/testing";

const SOURCES = ["server.ts", "probe-contract.ts"] as const;
const APP_DIR = "/opt/token-probe";

/**
 * Builds (or finds, by a tag derived from its content) the journey's MCP server image on top of
 * the runner's Node test image: Node 24 runs the TypeScript sources directly (type stripping).
 */
export async function buildTokenProbeImage(docker: Docker, nodeImage: string): Promise<string> {
  const sources = await Promise.all(SOURCES.map((name) => readFile(new URL(name, import.meta.url), "utf8")));
  const packageJson = JSON.stringify({ type: "module" });
  const dockerfile = [
    `FROM ${nodeImage}`,
    `COPY package.json ${SOURCES.join(" ")} ${APP_DIR}/`,
    `CMD ["node", "${APP_DIR}/server.ts"]`,
    "",
  ].join("\n");
  const hash = createHash("sha256")
    .update(JSON.stringify([dockerfile, packageJson, ...sources]))
    .digest("hex")
    .slice(0, 16);
  const tag = `switchboard-test/token-probe:${hash}`;
  if (await hasImage(docker, tag)) return tag;

  const files: [string, string][] = [
    ["Dockerfile", dockerfile],
    ["package.json", packageJson],
    ...SOURCES.map((name, index): [string, string] => [name, sources[index] ?? ""]),
  ];
  const context = await mkdtemp(join(tmpdir(), "sb-token-probe-"));
  try {
    for (const [name, content] of files) await writeFile(join(context, name), content);
    const progress = await docker.buildImage(
      { context, src: files.map(([name]) => name) },
      { t: tag, rm: true, forcerm: true },
    );
    await followProgress(docker, progress, `Building ${tag}`);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return tag;
}

async function hasImage(docker: Docker, tag: string): Promise<boolean> {
  return docker
    .getImage(tag)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}
