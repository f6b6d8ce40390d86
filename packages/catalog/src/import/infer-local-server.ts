import { CatalogImportError } from "../errors/catalog-error.ts";
import { formatPath } from "../errors/format-path.ts";
import type { PathSegment } from "../errors/format-path.ts";
import { imageRefSchema } from "../schema/primitives.ts";
import type { Runtime } from "../schema/server.ts";
import { getOwn } from "../util/get-own.ts";
import type { ImportNotes } from "./import-notes.ts";

export interface LocalCommand {
  command: string;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  /**
   * Whether `env` reaches a `docker run` container without `-e` flags: desktop clients pass env to
   * the docker CLI only (false); Archestra handed it to the container it started (true).
   */
  envReachesContainer?: boolean;
  /** The image the command runs in, when the source names one (Archestra's `docker_image`). */
  image?: string;
}

export interface LocalLaunch {
  runtime: Runtime;
  image?: string;
  command?: string;
  args: string[];
  env: Record<string, string>;
}

const RUNTIME_COMMANDS: Readonly<Record<string, Runtime>> = {
  node: "node",
  npx: "node",
  npm: "node",
  pnpm: "node",
  pnpx: "node",
  yarn: "node",
  python: "python",
  python3: "python",
  uv: "python",
  uvx: "python",
  pipx: "python",
  docker: "image",
  podman: "image",
};

/** `docker run` flags that only shape how a desktop client ran the container; the runner decides these. */
const IGNORED_DOCKER_FLAGS = new Set(["-i", "--interactive", "-t", "--tty", "-it", "--rm", "--init"]);

const ENV_PAIR = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** `docker run` flags that take a value as the next argument (so the value is not taken for the image). */
const DOCKER_VALUE_FLAGS = new Set([
  "-e", "--env", "--env-file", "--entrypoint", "--name", "-v", "--volume", "--mount", "-p", "--publish",
  "--network", "--net", "-w", "--workdir", "-u", "--user", "--pull", "--platform", "-l", "--label", "-m",
  "--memory", "--cpus", "--pids-limit", "--add-host", "--cap-add", "--cap-drop", "--security-opt", "--tmpfs",
  "--ulimit", "-h", "--hostname", "--dns", "--restart", "--log-driver", "--log-opt",
]); // prettier-ignore

/** True when the program (by its last path segment, as a host path's) is a launcher a runtime image has. */
export function isKnownLauncher(command: string): boolean {
  const base = (command.split(/[\\/]/).pop() ?? command).replace(/\.(exe|cmd)$/i, "");
  return getOwn(RUNTIME_COMMANDS, base) !== undefined;
}

/**
 * Maps a desktop client's `command`/`args`/`env` to a runtime. Known launchers keep their bare name
 * (a host path like /usr/local/bin/npx means nothing in a container); `docker run` is unpacked
 * into an image, its env flags and the container arguments.
 */
export function inferLocalServer(source: LocalCommand, path: readonly PathSegment[], notes: ImportNotes): LocalLaunch {
  const base = (source.command.split(/[\\/]/).pop() ?? source.command).replace(/\.(exe|cmd)$/i, "");
  const runtime = getOwn(RUNTIME_COMMANDS, base);
  if (runtime === "image") return withImageKept(unpackDockerRun(source, path, notes), source, path, notes);
  if (source.image !== undefined) return runInImage(source, path, notes);
  if (runtime && base !== source.command) {
    notes.keep([...path, "command"], `a host path; the container runs ${base} from its image`);
  }
  if (runtime) return { runtime, command: base, args: [...source.args], env: { ...source.env } };
  notes.warn([...path, "command"], `runtime binary: set server.image to an image that contains ${source.command}`);
  return { runtime: "binary", command: source.command, args: [...source.args], env: { ...source.env } };
}

/** `/server/snmcp` in `streamnative/snmcp`: the command is a path inside the named image, kept as it is. */
function runInImage(source: LocalCommand, path: readonly PathSegment[], notes: ImportNotes): LocalLaunch {
  const image = source.image ?? "";
  if (!imageRefSchema.safeParse(image).success) {
    notes.keep([...path, "docker_image"], "not an image reference");
    return inferLocalServer({ ...source, image: undefined }, path, notes);
  }
  notes.warn([...path, "docker_image"], `runs ${source.command} in the image ${image}`);
  return { runtime: "image", image, command: source.command, args: [...source.args], env: { ...source.env } };
}

/** `docker run` names its image in the arguments; a separately named one only repeats it. */
function withImageKept(launch: LocalLaunch, source: LocalCommand, path: readonly PathSegment[], notes: ImportNotes) {
  if (source.image !== undefined) notes.keep([...path, "docker_image"], "the docker run arguments name the image");
  return launch;
}

function unpackDockerRun(source: LocalCommand, path: readonly PathSegment[], notes: ImportNotes): LocalLaunch {
  const [subcommand, ...rest] = source.args;
  if (subcommand !== "run") throw dockerError(path, `expected "docker run ...", got "docker ${subcommand ?? ""}"`);
  const env: Record<string, string> = {};
  const unsupported: string[] = [];
  let command: string | undefined;
  let index = 0;
  for (; index < rest.length; index += 1) {
    const arg = rest[index] ?? "";
    if (!arg.startsWith("-")) break;
    const [flag = arg, inlineValue] = arg.startsWith("--") && arg.includes("=") ? splitOnce(arg, "=") : [arg];
    if (IGNORED_DOCKER_FLAGS.has(flag)) continue;
    const value = inlineValue ?? (DOCKER_VALUE_FLAGS.has(flag) ? rest[++index] : undefined);
    if ((flag === "-e" || flag === "--env") && value !== undefined) {
      const [name = value, literal] = splitOnce(value, "=");
      const passed = literal ?? source.env[name];
      if (passed === undefined) {
        notes.warn([...path, "args"], `docker -e ${name} passes a variable that env does not set`);
      } else {
        env[name] = passed;
      }
    } else if (flag === "--entrypoint" && value !== undefined) {
      command = value;
    } else {
      unsupported.push(value === undefined || inlineValue !== undefined ? arg : `${arg} ${value}`);
    }
  }
  // `docker run -i NAME=value image` (a -e left out): docker itself would take NAME=value for the
  // image and fail, but what was meant is plain when an image follows.
  for (
    let pair = rest[index];
    pair !== undefined && ENV_PAIR.test(pair) && rest[index + 1] !== undefined;
    pair = rest[++index]
  ) {
    const [name = pair, value = ""] = splitOnce(pair, "=");
    env[name] = value;
    notes.warn([...path, "args"], `${JSON.stringify(pair)} before the image: read as -e ${name}=… (the -e is missing)`);
  }
  const image = rest[index];
  if (image === undefined) throw dockerError(path, "expected an image after the docker run flags");
  if (ENV_PAIR.test(image)) {
    throw dockerError(path, `expected an image after the docker run flags, got ${JSON.stringify(image)} (a -e missing before it?)`); // prettier-ignore
  }
  for (const [name, value] of Object.entries(source.env)) {
    if (Object.hasOwn(env, name)) continue;
    if (source.envReachesContainer) env[name] = value;
    else notes.keepValue([...path, "env", name], value, "not passed into the container (no docker -e)");
  }
  if (unsupported.length > 0) {
    notes.keepValue(
      [...path, "args"],
      source.args,
      `docker run flags ${unsupported.join(", ")} are not applied (the runner builds and hardens the container)`,
    );
  }
  return { runtime: "image", image, command, args: rest.slice(index + 1), env };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function dockerError(path: readonly PathSegment[], message: string): CatalogImportError {
  return new CatalogImportError("Unsupported docker command", [{ path: formatPath([...path, "args"]), message }]);
}
