import { parse } from "shell-quote";
import { CatalogImportError } from "../../errors/catalog-error.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import type { ImportNotes } from "../import-notes.ts";

export interface CommandLine {
  command: string;
  args: string[];
}

/** A host path to a program (`C:\Program Files\nodejs\npx.cmd`, `/usr/bin/node`): spaces are part of it. */
const HOST_PATH = /^(?:[A-Za-z]:[\\/]|\/|~\/|\.{1,2}[\\/])/;

/**
 * What desktop clients let through but a container launch cannot take: a whole command line in
 * `command` (`"npx mcp-remote https://…"`), split like a POSIX shell would; and Windows'
 * `cmd /c npx …` wrapper, unwrapped to the program it starts. Each rewrite is noted.
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
  return { command: command.trim(), args };
}
