import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, copyFile, cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type Docker from "dockerode";
import { followProgress } from "../follow-progress.ts";

const run = promisify(execFile);

// There is no image registry on the build machines, so test images are assembled FROM scratch out
// of the Node binary running this process plus the glibc libraries it links. Bump RECIPE_VERSION
// whenever the layout below changes so cached tags are rebuilt.
const RECIPE_VERSION = 2;
const SERVER_EVERYTHING_VERSION = "2026.8.31";
const EVERYTHING_DIR = "/opt/server-everything";
export const EVERYTHING_ENTRYPOINT = `${EVERYTHING_DIR}/node_modules/@modelcontextprotocol/server-everything/dist/index.js`;

export interface TestImages {
  /** Node 24 on scratch with users root, node (1000) and nonroot (65532). */
  node: string;
  /** `node` plus @modelcontextprotocol/server-everything; default command runs it on stdio. */
  everything: string;
  /**
   * `node` declaring two volumes, both writable by anyone in the image: `/data` empty, `/seeded` holding
   * `seed.txt` ("from the image").
   */
  withVolume: string;
}

const WITH_VOLUME_DOCKERFILE = [
  `RUN ["node", "-e", "const fs = require('fs'); fs.mkdirSync('/data'); fs.mkdirSync('/seeded'); fs.writeFileSync('/seeded/seed.txt', 'from the image'); fs.chmodSync('/data', 0o777); fs.chmodSync('/seeded', 0o777)"]`,
  `VOLUME ["/data", "/seeded"]`,
  "",
].join("\n");

const PASSWD = [
  "root:x:0:0:root:/root:/sbin/nologin",
  "node:x:1000:1000::/home/node:/sbin/nologin",
  "nonroot:x:65532:65532::/home/nonroot:/sbin/nologin",
  "",
].join("\n");
const GROUP = ["root:x:0:", "node:x:1000:", "nonroot:x:65532:", ""].join("\n");

/** Builds (or finds, by content-derived tag) the local test images; a cached run takes milliseconds. */
export async function buildTestImages(docker: Docker): Promise<TestImages> {
  const libraries = await findLinkedLibraries(process.execPath);
  const nodeHash = hashInputs([RECIPE_VERSION, process.version, ...libraries]);
  const node = `switchboard-test/node:${nodeHash}`;
  const everything = `switchboard-test/everything:${hashInputs([nodeHash, SERVER_EVERYTHING_VERSION])}`;

  if (!(await hasImage(docker, node))) {
    await buildFromContext(docker, node, "FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/local/bin\n", (rootfs) =>
      writeNodeRootfs(rootfs, libraries),
    );
  }
  if (!(await hasImage(docker, everything))) {
    const dockerfile = [
      `FROM ${node}`,
      "COPY rootfs/ /",
      `WORKDIR ${EVERYTHING_DIR}`,
      `CMD ["node", "${EVERYTHING_ENTRYPOINT}", "stdio"]`,
      "",
    ].join("\n");
    await buildFromContext(docker, everything, dockerfile, (rootfs) =>
      installServerEverything(join(rootfs, EVERYTHING_DIR)),
    );
  }
  const withVolume = `switchboard-test/with-volume:${hashInputs([nodeHash, WITH_VOLUME_DOCKERFILE])}`;
  if (!(await hasImage(docker, withVolume))) {
    await buildFromContext(docker, withVolume, `FROM ${node}\n${WITH_VOLUME_DOCKERFILE}`, async () => undefined);
  }
  return { node, everything, withVolume };
}

/**
 * An image FROM the test Node image (`images.node`) whose command runs one self-contained script
 * (e.g. an esbuild bundle) as the non-root `node` user, tagged by the script's content.
 */
export async function buildScriptImage(
  docker: Docker,
  nodeImage: string,
  name: string,
  script: string,
): Promise<string> {
  const tag = `switchboard-test/${name}:${hashInputs([nodeImage, script])}`;
  if (!(await hasImage(docker, tag))) {
    const dockerfile = `FROM ${nodeImage}\nCOPY rootfs/ /\nUSER node\nCMD ["node", "/opt/app/main.mjs"]\n`;
    await buildFromContext(docker, tag, dockerfile, async (rootfs) => {
      await mkdir(join(rootfs, "opt/app"), { recursive: true });
      await writeFile(join(rootfs, "opt/app/main.mjs"), script);
    });
  }
  return tag;
}

function hashInputs(inputs: readonly (string | number)[]): string {
  return createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 16);
}

async function hasImage(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

async function findLinkedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await run("ldd", [binary]);
  // Lines look like "libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)".
  return [...stdout.matchAll(/(\/\S+) \(0x[0-9a-f]+\)/g)].map((match) => match[1] ?? "").filter(Boolean);
}

async function writeNodeRootfs(rootfs: string, libraries: readonly string[]): Promise<void> {
  await mkdir(join(rootfs, "usr/local/bin"), { recursive: true });
  await copyFile(process.execPath, join(rootfs, "usr/local/bin/node"));
  for (const library of libraries) {
    await mkdir(join(rootfs, dirname(library)), { recursive: true });
    await copyFile(library, join(rootfs, library));
  }
  await mkdir(join(rootfs, "etc"));
  await writeFile(join(rootfs, "etc/passwd"), PASSWD);
  await writeFile(join(rootfs, "etc/group"), GROUP);
  await mkdir(join(rootfs, "tmp"));
  await chmod(join(rootfs, "tmp"), 0o1777);
}

async function installServerEverything(target: string): Promise<void> {
  const prefix = await mkdtemp(join(tmpdir(), "sb-everything-"));
  try {
    await run("npm", [
      "install",
      "--prefix",
      prefix,
      `@modelcontextprotocol/server-everything@${SERVER_EVERYTHING_VERSION}`,
      "--omit=dev",
      "--no-audit",
      "--no-fund",
      "--no-package-lock",
    ]);
    await mkdir(target, { recursive: true });
    await cp(join(prefix, "node_modules"), join(target, "node_modules"), { recursive: true });
  } finally {
    await rm(prefix, { recursive: true, force: true });
  }
}

async function buildFromContext(
  docker: Docker,
  tag: string,
  dockerfile: string,
  fillRootfs: (rootfs: string) => Promise<void>,
): Promise<void> {
  const context = await mkdtemp(join(tmpdir(), "sb-image-"));
  try {
    await writeFile(join(context, "Dockerfile"), dockerfile);
    await mkdir(join(context, "rootfs"));
    await fillRootfs(join(context, "rootfs"));
    // GNU tar keeps file modes as they are; dockerode's own packer applies the umask, which would
    // turn /tmp's 1777 into 1755 and, through Docker's tmpfs copy-up, lock the non-root user out.
    const tar = spawn("tar", ["-C", context, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
    const progress = await docker.buildImage(tar.stdout, { t: tag, rm: true, forcerm: true });
    await followProgress(docker, progress, `Building ${tag}`);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}
