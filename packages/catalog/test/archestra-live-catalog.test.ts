import { describe, expect, it } from "vitest";
import { deriveLaunchSpec } from "../src/index.ts";
import type { CatalogEntry } from "../src/index.ts";
import { importOne, importRejection } from "./import-document.ts";

/**
 * Issue 16, the live Archestra catalog's last rejections: each test is a real entry (trimmed to its
 * launch) that was refused although Archestra runs it, or a refusal that stays on purpose.
 */
function importWithNotes(value: unknown): { entry: CatalogEntry; notes: string[] } {
  const { entry, notes } = importOne(value);
  return { entry, notes: notes.map((note) => `${note.path}: ${note.message}`) };
}

describe("Archestra: a docker run with a -e missing (gethosthewalrus/temporal-mcp)", () => {
  it("reads NAME=value before the image as -e NAME=value, with a note", () => {
    const { entry, notes } = importWithNotes({
      name: "gethosthewalrus__temporal-mcp",
      server: {
        command: "docker",
        args: ["run", "-i", "--rm", "TEMPORAL_TLS_ENABLED=${user_config.tls}", "example/temporal-mcp:0.0.1"],
        env: { TEMPORAL_HOST: "${user_config.host}" },
      },
      user_config: {
        host: { type: "string", title: "Host", required: true },
        tls: { type: "boolean", title: "TLS", default: false },
      },
    });
    expect(entry.server).toMatchObject({
      runtime: "image",
      image: "example/temporal-mcp:0.0.1",
      args: [],
      env: { TEMPORAL_HOST: "${user_config.host}", TEMPORAL_TLS_ENABLED: "${user_config.tls}" },
    });
    expect(notes).toContainEqual(expect.stringContaining('"TEMPORAL_TLS_ENABLED=${user_config.tls}" before the image: read as -e')); // prettier-ignore
  });
});

describe("Archestra: a command given as a setting (members never choose the program)", () => {
  it("is fixed to the setting's default, which members cannot change (qainsights/k6-mcp-server)", () => {
    const { entry, notes } = importWithNotes({
      name: "qainsights__k6-mcp-server",
      server: { command: "${user_config.uv_bin}", args: ["--directory", "${__dirname}", "run", "k6_server.py"], env: { K6_BIN: "${user_config.k6_bin}" } }, // prettier-ignore
      user_config: {
        k6_bin: { type: "string", title: "k6", default: "k6" },
        uv_bin: { type: "string", title: "Path to uv binary", default: "uv" },
      },
    });
    expect(entry.server).toMatchObject({ runtime: "python", command: "uv" });
    expect(entry.userConfig).not.toHaveProperty("uv_bin");
    expect(notes).toContainEqual(expect.stringContaining("server.command: the setting uv_bin chose the program; fixed to its default uv")); // prettier-ignore
  });

  it("a default under ${HOME} becomes the program's name, run from the entry's image (emicklei/melrose-mcp)", () => {
    const { entry } = importWithNotes({
      name: "emicklei__melrose-mcp",
      server: { command: "${user_config.melrose_mcp_path}", args: [], env: {} },
      user_config: { melrose_mcp_path: { type: "file", title: "Binary", required: true, default: "${HOME}/go/bin/melrose-mcp" } }, // prettier-ignore
    });
    expect(entry.server).toMatchObject({ runtime: "binary", command: "melrose-mcp" });
    expect(entry.userConfig).toEqual({});
  });

  it("without a default it is still refused (micl2e2/code-to-tree)", () => {
    const error = importRejection({
      name: "micl2e2__code-to-tree",
      server: { command: "${user_config.code_to_tree_path}", args: [], env: {} },
      user_config: { code_to_tree_path: { type: "file", title: "Executable", required: true } },
    });
    expect(error.issues).toEqual([
      {
        path: "server.command",
        message:
          "the program is the setting code_to_tree_path, which has no default: members never choose the program a container runs; an admin sets server.command and server.image",
      },
    ]);
  });
});

describe("Archestra: a binary under the desktop user's ${HOME} (wowinter13/solscan-mcp)", () => {
  it("runs by its name from the entry's image, with a note", () => {
    const { entry, notes } = importWithNotes({
      name: "wowinter13__solscan-mcp",
      server: { command: "${HOME}/.cargo/bin/solscan-mcp", args: [], env: { SOLSCAN_API_KEY: "${user_config.key}" } },
      user_config: { key: { type: "string", title: "Key", sensitive: true, required: true } },
    });
    expect(entry.server).toMatchObject({ runtime: "binary", command: "solscan-mcp" });
    expect(notes).toContainEqual(expect.stringContaining("server.command: a path under the desktop user's ${HOME}"));
  });
});

describe("Archestra: ${HOME} in an argument (ilyagulya/gradle-mcp-server)", () => {
  it("becomes a directory setting for where the image keeps the files, with a note", () => {
    const { entry, notes } = importWithNotes({
      name: "ilyagulya__gradle-mcp-server",
      server: { command: "java", args: ["-jar", "${HOME}/mcp-servers/gradle-mcp-server/gradle-mcp-server-all.jar"], env: {}, type: "local" }, // prettier-ignore
      user_config: {},
    });
    expect(entry.server).toMatchObject({ args: ["-jar", "${user_config.home_dir}/mcp-servers/gradle-mcp-server/gradle-mcp-server-all.jar"] }); // prettier-ignore
    expect(entry.userConfig.home_dir).toMatchObject({ type: "directory", required: true, secret: false });
    expect(notes).toContainEqual(expect.stringContaining("server.args[1]: ${HOME} is the desktop user's home directory: it became the setting home_dir")); // prettier-ignore
  });
});

describe("Archestra: env names with dots (openlinksoftware/mcp-jdbc-server)", () => {
  it("become the upper-case names Java config frameworks also read (jdbc.url -> JDBC_URL), with a note", () => {
    const { entry, notes } = importWithNotes({
      name: "openlinksoftware__mcp-jdbc-server",
      server: { command: "java", args: ["-jar", "${__dirname}/MCPServer-1.0.0-runner.jar"], env: { "jdbc.url": "${user_config.jdbc_url}", "jdbc.password": "${user_config.jdbc_password}" } }, // prettier-ignore
      user_config: {
        jdbc_url: { type: "string", title: "URL", required: true },
        jdbc_password: { type: "string", title: "Password", sensitive: true, required: true },
      },
    });
    expect(entry.server).toMatchObject({ env: { JDBC_URL: "${user_config.jdbc_url}", JDBC_PASSWORD: "${user_config.jdbc_password}" } }); // prettier-ignore
    expect(notes).toContainEqual(expect.stringContaining('server.env["jdbc.url"]: passed as JDBC_URL'));
  });
});

describe("Archestra: a setting key with a dot and a mounted file (streamnative/snmcp)", () => {
  it("the key is normalized, the setting is written to /secrets/<key> and docker_image runs the command", () => {
    const { entry, notes } = importWithNotes({
      name: "streamnative__snmcp",
      server: { command: "/server/snmcp", args: ["stdio", "--key-file", "/secrets/key_file.json"], docker_image: "streamnative/snmcp:v0.1.14", env: {}, type: "local" }, // prettier-ignore
      user_config: { "key_file.json": { type: "string", title: "Key File", required: true, sensitive: true, mounted: true } }, // prettier-ignore
    });
    expect(entry.server).toMatchObject({
      runtime: "image",
      image: "streamnative/snmcp:v0.1.14",
      command: "/server/snmcp",
      files: { "/secrets/key_file.json": "${user_config.key_file_json}" },
    });
    expect(entry.server).not.toHaveProperty("env.KEY_FILE_JSON");
    expect(entry.userConfig.key_file_json).toMatchObject({ secret: true, title: "Key File" });
    expect(notes).toContainEqual(expect.stringContaining('user_config["key_file.json"]: renamed key_file_json'));
    const launch = deriveLaunchSpec(entry, { key_file_json: '{"type":"sa"}' });
    expect(launch).toMatchObject({ kind: "container", files: [{ path: "/secrets/key_file.json", content: '{"type":"sa"}', mode: 0o400 }] }); // prettier-ignore
  });
});

describe("Archestra: JavaScript ?: in templates (longportapp/openapi, zhwt/go-mcp-mysql)", () => {
  const source = {
    name: "zhwt__go-mcp-mysql",
    server: {
      command: "go-mcp-mysql",
      args: [
        "--dsn",
        "${user_config.dsn}",
        "${user_config.read_only ? '--read-only' : ''}",
        "${user_config.sse && user_config.bind ? '--bind' : ''}",
        "${user_config.sse && user_config.bind ? user_config.bind : ''}",
        "${user_config.log_dir ? user_config.log_dir : ''}",
      ],
    },
    user_config: {
      dsn: { type: "string", title: "DSN", required: true, sensitive: true },
      read_only: { type: "boolean", title: "Read only", default: false },
      sse: { type: "boolean", title: "SSE" },
      bind: { type: "string", title: "Bind" },
      log_dir: { type: "directory", title: "Logs" },
    },
  };

  it("become conditional placeholders that render the text only when every condition holds", () => {
    const { entry } = importWithNotes(source);
    const args = (settings: Record<string, unknown>) => {
      const launch = deriveLaunchSpec(entry, { dsn: "u:p@tcp(db)/x", ...settings }, {}, { images: { binary: "example/go-mcp-mysql" } }); // prettier-ignore
      return launch.kind === "container" ? launch.args : [];
    };
    expect(args({})).toEqual(["--dsn", "u:p@tcp(db)/x"]);
    expect(args({ read_only: true, sse: true, bind: "0.0.0.0:8080", log_dir: "/logs" })).toEqual(["--dsn", "u:p@tcp(db)/x", "--read-only", "--bind", "0.0.0.0:8080", "/logs"]); // prettier-ignore
    expect(args({ read_only: false, sse: false, bind: "0.0.0.0:8080" })).toEqual(["--dsn", "u:p@tcp(db)/x"]);
  });

  it("other expressions are refused with what is supported", () => {
    const error = importRejection({ ...source, server: { command: "x", args: ["${user_config.read_only ? '--a' : '--b'}"] } }); // prettier-ignore
    expect(error.issues[0]?.message).toContain("only ${user_config.a && user_config.b ? 'text' : ''}");
  });
});

describe("Archestra: refusals that stay", () => {
  it("docker compose (schemacrawler) and an entry with nothing to run (netdata) are refused", () => {
    expect(importRejection({ name: "s__c", server: { command: "docker", args: ["compose", "-f", "x.yaml", "up", "-d"] } }).issues[0]?.message).toContain('expected "docker run ...", got "docker compose"'); // prettier-ignore
    expect(importRejection({ name: "n__d", server: { command: "", args: [], env: {}, type: "local" } }).issues).toEqual([{ path: "server.command", message: "empty, and the entry names no remote url: there is nothing to run (Archestra could not start it either)" }]); // prettier-ignore
  });
});
