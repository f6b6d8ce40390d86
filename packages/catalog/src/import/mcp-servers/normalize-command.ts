import { parse } from "shell-quote";
import { CatalogImportError } from "../../errors/catalog-error.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import type { ImportNotes } from "../import-notes.ts";

export interface CommandLine {
  command: string;
  args: string[];
  /** `env NAME=value program …` assignments, to merge into the server's env. */
  env?: Record<string, string>;
}

/** A host path to a program (`C:\Program Files\nodejs\npx.cmd`, `/usr/bin/node`): spaces are part of it. */
const HOST_PATH = /^(?:[A-Za-z]:[\\/]|\/|~\/|\.{1,2}[\\/])/;

/**
 * What desktop clients let through but a container launch cannot take: a whole command line in
 * `command` (`"npx mcp-remote https://…"`), split like a POSIX shell would; and Windows'
 * `cmd /c npx …` and `wsl npx …` wrappers and `env NAME=value …`, unwrapped to the program they
 * start. Each rewrite is noted.
 */
export function normalizeCommand(source: CommandLine, path: readonly PathSegment[], notes: ImportNotes): CommandLine {
  let { command, args } = source;
  if (/\s/.test(command.trim()) && !HOST_PATH.test(command)) {
    const words = parse(command.trim()).map((word) => {
      if (typeof word === "string") return word;
      throw new CatalogImportError("Unsupported command", [
        { path: formatPath([...path, "command"]), message: "a shell construct (pipe, redirect, glob or operator) in command: Switchboard starts one program without a shell" }, // prettier-ignore
      ]);
    });
    [command = "", ...args] = [...words, ...args];
    notes.warn(
      [...path, "command"],
      `a whole command line: split into command ${JSON.stringify(command)} and its arguments`,
    );
  }
  const base = (command.split(/[\\/]/).pop() ?? command).toLowerCase();
  const [flag, program, ...rest] = args;
  if ((base === "cmd" || base === "cmd.exe") && /^\/[cCkK]$/.test(flag ?? "") && program !== undefined) {
    notes.warn([...path, "command"], `a Windows "cmd ${flag}" wrapper: unwrapped to ${program}`);
    return normalizeCommand({ command: program, args: rest }, path, notes);
  }
  if (base === "env" && args.length > 0) return unwrapEnv(args, path, notes);
  if ((base === "wsl" || base === "wsl.exe") && args.length > 0) {
    const [first, ...after] = args;
    const inner = first === "-e" || first === "--exec" || first === "--" ? after : args;
    const [program, ...rest] = inner;
    if (program !== undefined && !program.startsWith("-")) {
      notes.warn([...path, "command"], `a Windows "wsl" wrapper: unwrapped to ${program}`);
      return normalizeCommand({ command: program, args: rest }, path, notes);
    }
  }
  return { command: command.trim(), args };
}

/** `env FIRECRAWL_API_KEY=… npx -y firecrawl-mcp`: the assignments are env vars of the program. */
function unwrapEnv(args: readonly string[], path: readonly PathSegment[], notes: ImportNotes): CommandLine {
  const env: Record<string, string> = {};
  let index = 0;
  for (; index < args.length; index += 1) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(args[index] ?? "");
    if (!match?.[1]) break;
    env[match[1]] = match[2] ?? "";
  }
  const [program, ...rest] = args.slice(index);
  if (program === undefined) return { command: "env", args: [...args] };
  notes.warn([...path, "command"], `an "env NAME=value …" wrapper: ${Object.keys(env).join(", ") || "no variables"} set as env of ${program}`); // prettier-ignore
  const inner = normalizeCommand({ command: program, args: rest }, path, notes);
  return { ...inner, env: { ...env, ...inner.env } };
}
