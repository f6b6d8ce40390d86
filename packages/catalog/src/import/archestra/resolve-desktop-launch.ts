import { CatalogImportError } from "../../errors/catalog-error.ts";
import { formatPath } from "../../errors/format-path.ts";
import { userConfigKeySchema } from "../../schema/primitives.ts";
import type { ImportNotes } from "../import-notes.ts";
import { toEnvName, toSettingKey } from "../naming.ts";
import type { ArchestraEntry, ArchestraServer, ArchestraUserConfigField } from "./archestra-schema.ts";

/**
 * Archestra entries were written for a desktop app that runs servers as the user: a setting may
 * name the program, the program may live under `${HOME}`, env names may be Java properties and
 * setting keys file names. Rewrites those into what a container can run, noting each change, and
 * refuses what only the member could decide: members never choose the program a container runs.
 */
export function resolveDesktopLaunch(source: ArchestraEntry, notes: ImportNotes): DesktopLaunch {
  const files = mapMountedSettings(source, notes);
  const renamed = renameSettingKeys(source, notes);
  const server = renamed.server;
  if (!server) return { source: renamed, files };
  const dxt = server.mcp_config;
  const launchPath = dxt ? ["server", "mcp_config"] : ["server"];
  const launch = dxt ?? server;
  const userConfig = { ...renamed.user_config };
  const command = launch.command && resolveCommand(launch.command, userConfig, launch, launchPath, notes);
  const env = launch.env && renameEnvNames(launch.env, launchPath, notes);
  const args = launch.args && resolveHomeArgs(launch.args, userConfig, launchPath, notes);
  const resolved = { ...launch, ...(command && { command }), ...(env && { env }), ...(args && { args }) };
  const resolvedSource = {
    ...renamed,
    user_config: userConfig,
    server: dxt ? { ...server, mcp_config: { ...dxt, ...resolved } } : { ...server, ...resolved },
  };
  return { source: resolvedSource, files };
}

export interface DesktopLaunch {
  source: ArchestraEntry;
  /** Files to write into the container: path -> template (a local server's `server.files`). */
  files: Record<string, string>;
}

/** Archestra writes a `mounted` setting to `/secrets/<key>` (a key file the args point at) instead of env. */
function mapMountedSettings(source: ArchestraEntry, notes: ImportNotes): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [key, field] of Object.entries(source.user_config ?? {})) {
    if (!field.mounted) continue;
    const path = `/secrets/${key}`;
    files[path] = `\${user_config.${toValidKey(key)}}`;
    notes.warn(["user_config", key, "mounted"], `written to the file ${path} in the container (read-only, in memory), as Archestra mounts it`); // prettier-ignore
  }
  return files;
}

type Launch = Pick<ArchestraServer, "command" | "args" | "env">;

function resolveCommand(
  command: string,
  userConfig: Record<string, ArchestraUserConfigField>,
  launch: Launch,
  launchPath: readonly string[],
  notes: ImportNotes,
): string {
  const path = [...launchPath, "command"];
  const key = /^\$\{user_config\.([^}]+)\}$/.exec(command)?.[1];
  if (key === undefined) return fromHomePath(command, path, notes);
  const fallback = userConfig[key]?.default;
  if (typeof fallback !== "string" || fallback.trim() === "") {
    throw new CatalogImportError("The Archestra catalog entry lets members choose the program", [
      {
        path: formatPath(path),
        message: `the program is the setting ${key}, which has no default: members never choose the program a container runs; an admin sets server.command and server.image`,
      },
    ]);
  }
  const elsewhere = [...(launch.args ?? []), ...Object.values(launch.env ?? {})].some((value) =>
    value.includes(`\${user_config.${key}}`),
  );
  if (!elsewhere) delete userConfig[key];
  notes.warn(path, `the setting ${key} chose the program; fixed to its default ${fallback} (members never choose the program a container runs)`); // prettier-ignore
  return fromHomePath(fallback, path, notes);
}

/** `${HOME}/.cargo/bin/solscan-mcp` was installed on the desktop; an image provides it by name. */
function fromHomePath(command: string, path: readonly string[], notes: ImportNotes): string {
  if (!/^(?:\$\{HOME\}|\$HOME|~)\//.test(command)) return command;
  const name = command.split("/").pop() ?? command;
  notes.warn(path, `a path under the desktop user's \${HOME} (${command}): the container runs ${name} from its image`);
  return name;
}

/**
 * `java -jar ${HOME}/mcp-servers/x.jar` runs files the desktop user put in their home directory; in
 * a container they come with the entry's image, so where they are becomes a setting (its default
 * for an admin to set along with server.image).
 */
function resolveHomeArgs(
  args: readonly string[],
  userConfig: Record<string, ArchestraUserConfigField>,
  launchPath: readonly string[],
  notes: ImportNotes,
): string[] {
  return args.map((arg, index) => {
    if (!/\$\{HOME\}/.test(arg)) return arg;
    userConfig[HOME_SETTING] ??= {
      type: "directory",
      title: "Home directory",
      description: "Archestra ran this server with files in the desktop user's home directory (${HOME}); here, the directory of the entry's image that holds them.", // prettier-ignore
      required: true,
    };
    notes.warn([...launchPath, "args", index], `\${HOME} is the desktop user's home directory: it became the setting ${HOME_SETTING} (an admin gives it a default where server.image keeps these files)`); // prettier-ignore
    return arg.replaceAll("${HOME}", `\${user_config.${HOME_SETTING}}`);
  });
}

const HOME_SETTING = "home_dir";

/**
 * `jdbc.url` is a Java property name; the Java config libraries that read it from the environment
 * (MicroProfile Config / Quarkus, Spring Boot) also read JDBC_URL, the name every runtime accepts.
 */
function renameEnvNames(env: Record<string, string>, launchPath: readonly string[], notes: ImportNotes) {
  const renamed: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      renamed[name] = value;
      continue;
    }
    const portable = toEnvName(name);
    const path = [...launchPath, "env", name];
    if (Object.hasOwn(env, portable)) {
      notes.keep(path, `not a portable env name, and ${portable} is set too`);
      continue;
    }
    renamed[portable] = value;
    notes.warn(path, `passed as ${portable}: env names are letters, digits and _ (Java config libraries read ${name} from ${portable})`); // prettier-ignore
  }
  return renamed;
}

/** `key_file.json` -> `key_file_json`, in user_config and every template that refers to it. */
function renameSettingKeys(source: ArchestraEntry, notes: ImportNotes): ArchestraEntry {
  const renames = Object.keys(source.user_config ?? {})
    .filter((key) => toValidKey(key) !== key)
    .map((key) => [key, toValidKey(key)] as const);
  if (renames.length === 0) return source;
  const rewrite = (template: string) =>
    renames.reduce((text, [from, to]) => text.replaceAll(`\${user_config.${from}}`, `\${user_config.${to}}`), template);
  const rewriteLaunch = <T extends Launch>(launch: T): T => ({
    ...launch,
    ...(launch.command && { command: rewrite(launch.command) }),
    ...(launch.args && { args: launch.args.map(rewrite) }),
    ...(launch.env && { env: Object.fromEntries(Object.entries(launch.env).map(([name, value]) => [name, rewrite(value)])) }), // prettier-ignore
  });
  for (const [from, to] of renames) {
    notes.warn(["user_config", from], `renamed ${to}: setting keys are letters, digits, _ and -`);
  }
  const server = source.server;
  const names = new Map(renames);
  return {
    ...source,
    user_config: Object.fromEntries(Object.entries(source.user_config ?? {}).map(([key, field]) => [names.get(key) ?? key, field])), // prettier-ignore
    ...(server && {
      server: {
        ...rewriteLaunch(server),
        ...(server.mcp_config && { mcp_config: rewriteLaunch(server.mcp_config) }),
        ...(server.inject_file && { inject_file: Object.fromEntries(Object.entries(server.inject_file).map(([path, value]) => [path, rewrite(value)])) }), // prettier-ignore
      },
    }),
  };
}

function toValidKey(key: string): string {
  return userConfigKeySchema.safeParse(key).success ? key : toSettingKey(key);
}
