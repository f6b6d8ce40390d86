import { access } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHealth, checkHttpHealth, StdioContainerTransport } from "@switchboard/mcp-bridge";
import { EVERYTHING_ENTRYPOINT } from "./testing/build-test-image.ts";
import { TEST_SECRETS_DIR, createTestRuntime } from "./testing/create-test-runtime.ts";
import type { TestRuntime } from "./testing/create-test-runtime.ts";
import { TEST_RUNNER_ID } from "../testing/test-runner-id.ts";

const RUN = Date.now().toString(36);
const STDIO_ID = `it-stdio-${RUN}`;
const HTTP_ID = `it-http-${RUN}`;
const CRASH_ID = `it-crash-${RUN}`;
const VOLUME_ID = `it-volume-${RUN}`;
const PRINTING_ID = `it-printing-${RUN}`;
const CREDENTIAL_PATH = "/home/nonroot/.config/example/credentials.json";
const API_KEY = `sk-live-${RUN}-do-not-log`;
const FIRST_TOKEN = `{"access_token":"first-${RUN}"}`;
// server-everything 2026.8.31 registers these tools on a stdio connection (observed with tools/list).
const EVERYTHING_TOOL_COUNT = 13;

// Runs inside the container: what the server process can see of its secrets.
const READ_SECRETS = `
const fs = require("fs");
const stats = fs.statSync(process.argv[1]);
console.log(JSON.stringify({
  apiKey: process.env.EXAMPLE_API_KEY,
  content: fs.readFileSync(process.argv[1], "utf8"),
  mode: stats.mode & 0o777,
  uid: stats.uid,
  processUid: process.getuid(),
}));`;

// Runs inside the container: what the hardening allows the process to do.
const PROBE_HARDENING = `
const fs = require("fs");
const { execFileSync } = require("child_process");
const attempt = (action) => { try { action(); return "ok"; } catch (error) { return error.code; } };
const status = fs.readFileSync("/proc/self/status", "utf8");
const field = (name) => status.match(new RegExp(name + ":\\\\s*(\\\\S+)"))[1];
console.log(JSON.stringify({
  capEff: field("CapEff"),
  capBnd: field("CapBnd"),
  noNewPrivs: field("NoNewPrivs"),
  writeRoot: attempt(() => fs.writeFileSync("/probe", "x")),
  writeTmp: attempt(() => fs.writeFileSync("/tmp/probe.js", "#!/usr/local/bin/node\\n", { mode: 0o755 })),
  execTmp: attempt(() => execFileSync("/tmp/probe.js")),
  writeCredentials: attempt(() => fs.writeFileSync(process.argv[1], "x")),
}));`;

// Runs inside the container: what it may write to its image's volumes (/data empty, /seeded with a file).
const PROBE_VOLUMES = `
const fs = require("fs");
const attempt = (action) => { try { action(); return "ok"; } catch (error) { return error.code; } };
const fill = () => {
  const chunk = Buffer.alloc(1024 * 1024);
  const fd = fs.openSync("/data/fill", "w");
  try { for (let written = 0; written < 80; written++) fs.writeSync(fd, chunk); } finally { fs.closeSync(fd); fs.rmSync("/data/fill"); }
};
console.log(JSON.stringify({
  seed: fs.readFileSync("/seeded/seed.txt", "utf8"),
  fillData: attempt(fill),
  writeSeeded: attempt(() => fs.writeFileSync("/seeded/new.txt", "x")),
}));`;

let t: TestRuntime;

beforeAll(async () => {
  t = await createTestRuntime();
});

afterAll(async () => {
  for (const id of [STDIO_ID, HTTP_ID, CRASH_ID, VOLUME_ID, PRINTING_ID]) await t.runtime.remove(id);
});

function readSecrets() {
  return t.runtime
    .exec(STDIO_ID, ["node", "-e", READ_SECRETS, CREDENTIAL_PATH])
    .then((result) => JSON.parse(result.stdout));
}

describe("DockerRuntime with server-everything", () => {
  const launch = () =>
    t.createEverythingLaunch(STDIO_ID, {
      env: { EXAMPLE_API_KEY: API_KEY },
      files: [{ path: CREDENTIAL_PATH, content: FIRST_TOKEN }],
    });

  it("starts the server with its env var and an owner-read-only credential file", async () => {
    const status = await t.runtime.ensureStarted(launch());

    expect(status).toMatchObject({
      connectorId: STDIO_ID,
      runnerId: TEST_RUNNER_ID,
      state: "running",
      httpUrl: null,
    });
    expect(await readSecrets()).toEqual({
      apiKey: API_KEY,
      content: FIRST_TOKEN,
      mode: 0o400,
      uid: 65532,
      processUid: 65532,
    });
  });

  it("never logs env values or file contents", () => {
    const logs = t.logOutput.join("");

    expect(logs).toContain("creating container");
    expect(logs).toContain("EXAMPLE_API_KEY");
    expect(logs).not.toContain(API_KEY);
    expect(logs).not.toContain(FIRST_TOKEN);
  });

  it("answers initialize and tools/list over attached stdio", async () => {
    const report = await checkHealth(new StdioContainerTransport(await t.runtime.attachStdio(STDIO_ID)), {
      timeoutMs: 20_000,
    });

    expect(report.serverInfo.name).toBe("mcp-servers/everything");
    const names = report.tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["echo", "get-sum", "get-env"]));
    expect(report.tools).toHaveLength(EVERYTHING_TOOL_COUNT);
  });

  it("applies every hardening option, as docker inspect shows", async () => {
    const info = await t.docker.getContainer(`sb-inst-${STDIO_ID}`).inspect();
    const host = info.HostConfig;

    expect(info.Config.User).toBe("65532:65532");
    expect(info.Config.Labels).toMatchObject({
      "switchboard.installation": STDIO_ID,
      "switchboard.runner": TEST_RUNNER_ID,
      "switchboard.spec-hash": expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(host).toMatchObject({
      Privileged: false,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges:true"],
      ReadonlyRootfs: true,
      Init: true,
      NetworkMode: "switchboard-mcp",
      Tmpfs: { "/tmp": "rw,noexec,nosuid,nodev,mode=1777,size=67108864" },
      Memory: 512 * 1024 * 1024,
      NanoCpus: 1_000_000_000,
      PidsLimit: 256,
    });
    expect(host.Binds).toEqual([
      expect.stringMatching(new RegExp(`^${TEST_SECRETS_DIR}/${STDIO_ID}/[0-9a-f]+:/home/nonroot/.config/example:ro$`)),
    ]);
  });

  it("leaves the process no capabilities, no privilege gain, a read-only root and a noexec /tmp", async () => {
    const result = await t.runtime.exec(STDIO_ID, ["node", "-e", PROBE_HARDENING, CREDENTIAL_PATH]);

    expect(JSON.parse(result.stdout)).toEqual({
      capEff: "0000000000000000",
      capBnd: "0000000000000000",
      noNewPrivs: "1",
      writeRoot: "EROFS",
      writeTmp: "ok",
      execTmp: "EACCES",
      writeCredentials: "EROFS",
    });
  });

  it("makes a rewritten credential file visible without a restart", async () => {
    const before = await t.runtime.inspectStatus(STDIO_ID);
    const refreshed = `{"access_token":"second-${RUN}"}`;

    await t.runtime.rewriteCredentialFile(STDIO_ID, CREDENTIAL_PATH, refreshed);

    expect(await readSecrets()).toMatchObject({ content: refreshed, mode: 0o400, uid: 65532 });
    const after = await t.runtime.inspectStatus(STDIO_ID);
    expect(after?.startedAt).toBe(before?.startedAt);
    expect(after?.containerId).toBe(before?.containerId);
  });

  it("reuses the container for an unchanged launch and recreates it when the env changes", async () => {
    const before = await t.runtime.inspectStatus(STDIO_ID);

    const reused = await t.runtime.ensureStarted(launch());
    expect(reused.containerId).toBe(before?.containerId);
    expect(reused.startedAt).toBe(before?.startedAt);
    // A reuse rewrites files from the launch, which carries the current token.
    expect((await readSecrets()).content).toBe(FIRST_TOKEN);

    const recreated = await t.runtime.ensureStarted({ ...launch(), env: { EXAMPLE_API_KEY: `${API_KEY}-rotated` } });
    expect(recreated.containerId).not.toBe(before?.containerId);
    expect((await readSecrets()).apiKey).toBe(`${API_KEY}-rotated`);
  });

  it("runs commands in the container with stdin, output and exit code", async () => {
    const echoStdin = "process.stdin.pipe(process.stdout); process.stdin.on('end', () => (process.exitCode = 7))";

    const result = await t.runtime.exec(STDIO_ID, ["node", "-e", echoStdin], { input: "hello from the runner" });

    expect(result).toEqual({ exitCode: 7, stdout: "hello from the runner", stderr: "" });
  });

  it("keeps the server's stderr in the log buffer", () => {
    expect(t.runtime.readLogs(STDIO_ID)).toContainEqual(
      expect.objectContaining({ stream: "stderr", text: "Starting default (STDIO) server..." }),
    );
  });

  it("lists managed containers by label", async () => {
    const managed = await t.runtime.listManaged(TEST_RUNNER_ID);

    expect(managed).toContainEqual(expect.objectContaining({ connectorId: STDIO_ID, state: "running" }));
    expect(await t.runtime.listManaged("another-runner")).not.toContainEqual(
      expect.objectContaining({ connectorId: STDIO_ID }),
    );
  });

  it("removes the container and its secrets directory", async () => {
    await t.runtime.remove(STDIO_ID);

    expect(await t.runtime.inspectStatus(STDIO_ID)).toBeNull();
    await expect(access(join(TEST_SECRETS_DIR, STDIO_ID))).rejects.toThrow(/ENOENT/);
    expect(await t.runtime.listManaged()).not.toContainEqual(expect.objectContaining({ connectorId: STDIO_ID }));
  });

  it("finding (medium): an image's VOLUME cannot fill the Docker host's disk; its files stay visible and go with the container", async () => {
    const launch = t.createEverythingLaunch(VOLUME_ID, {
      image: t.images.withVolume,
      command: ["node", "-e", "setInterval(() => {}, 60_000)"],
    });
    await t.runtime.ensureStarted(launch);
    const { Mounts } = await t.docker.getContainer(`sb-inst-${VOLUME_ID}`).inspect();
    const copies = Mounts.filter((mount) => mount.Type === "volume");
    expect(copies.map((mount) => mount.Destination)).toEqual(["/seeded"]);

    const result = await t.runtime.exec(VOLUME_ID, ["node", "-e", PROBE_VOLUMES]);
    expect(JSON.parse(result.stdout)).toEqual({ seed: "from the image", fillData: "ENOSPC", writeSeeded: "EROFS" });

    await t.runtime.remove(VOLUME_ID);

    const { Volumes } = await t.docker.listVolumes();
    const names = Volumes.map((candidate) => candidate.Name);
    for (const mount of copies) expect(names).not.toContain(mount.Name);
  }, 30_000);
});

describe("DockerRuntime with an HTTP server", () => {
  it("publishes the server on 127.0.0.1 and checks it over Streamable HTTP", async () => {
    const status = await t.runtime.ensureStarted(
      t.createEverythingLaunch(HTTP_ID, {
        command: ["node", EVERYTHING_ENTRYPOINT, "streamableHttp"],
        env: { PORT: "3001" },
        http: { port: 3001, path: "/mcp" },
      }),
    );
    expect(status.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);

    // The server needs a moment to listen after the container starts.
    await expect
      .poll(() => t.runtime.readLogs(HTTP_ID).some((line) => line.text.includes("listening on port 3001")), {
        timeout: 15_000,
      })
      .toBe(true);
    const report = await checkHttpHealth(status.httpUrl ?? "", { timeoutMs: 20_000 });

    expect(report.serverInfo.name).toBe("mcp-servers/everything");
    expect(report.tools.map((tool) => tool.name)).toContain("echo");
  });
});

describe("DockerRuntime with a server that prints its secrets", () => {
  // Prints its API key and the token file's content every 50 ms, as a server's debug output may.
  const PRINT_SECRETS = `setInterval(() => console.error("key " + process.env.EXAMPLE_API_KEY + " file " +
    require("fs").readFileSync(process.argv[1], "utf8")), 50)`;
  const token = (name: string) => `tok-${name}-${RUN}`;
  const lines = () => t.runtime.readLogs(PRINTING_ID).map((line) => line.text);

  it("finding (medium): cuts the connector's secrets out of the logs users read, refreshed tokens too", async () => {
    await t.runtime.ensureStarted(
      t.createEverythingLaunch(PRINTING_ID, {
        command: ["node", "-e", PRINT_SECRETS, CREDENTIAL_PATH],
        env: { EXAMPLE_API_KEY: API_KEY },
        files: [{ path: CREDENTIAL_PATH, content: `{"access_token":"${token("first")}"}` }],
        secrets: [API_KEY, token("first")],
      }),
    );
    await expect.poll(lines, { timeout: 10_000 }).toContainEqual(expect.stringMatching(/^key \[redacted\] file /));

    // A token refreshed into the file: the runner names it before the file is rewritten.
    t.runtime.redactLogs(PRINTING_ID, [API_KEY, token("second")]);
    await t.runtime.rewriteCredentialFile(PRINTING_ID, CREDENTIAL_PATH, `{"access_token":"${token("second")}"}`);
    const printed = lines().length;
    await expect.poll(() => lines().length, { timeout: 10_000 }).toBeGreaterThan(printed + 2);

    const text = lines().join("\n");
    expect(text).toContain('key [redacted] file {"access_token":"[redacted]"}');
    for (const secret of [API_KEY, token("first"), token("second")]) expect(text).not.toContain(secret);
  });
});

describe("DockerRuntime with a crashing server", () => {
  it("reports the exit code once the process dies", async () => {
    await t.runtime.ensureStarted(
      t.createEverythingLaunch(CRASH_ID, { command: ["node", "-e", "console.error('boom'); process.exit(3)"] }),
    );

    await expect.poll(async () => (await t.runtime.inspectStatus(CRASH_ID))?.state, { timeout: 10_000 }).toBe("exited");
    expect(await t.runtime.inspectStatus(CRASH_ID)).toMatchObject({ exitCode: 3, oomKilled: false });
    expect(t.runtime.readLogs(CRASH_ID).map((line) => line.text)).toContain("boom");
  });
});
