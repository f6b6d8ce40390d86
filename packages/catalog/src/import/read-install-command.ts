import { parse } from "shell-quote";
import { CatalogImportError } from "../errors/catalog-error.ts";

type Server = Record<string, unknown>;

/** The programs whose commands add an MCP server, and the words that start each. */
const COMMANDS = /^(?:claude mcp add(?:-json)?|gemini mcp add|codex mcp add|code(?:-insiders)? --add-mcp)\s/;

const FIRST_LINE = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*(?:\$\s+)?(?:claude|gemini|codex|code(?:-insiders)?)\s/;

/**
 * The command lines READMEs print to add a server, one per line (`\` continues one, `#` lines and a
 * `$ ` prompt are skipped): `claude mcp add [-t http|sse|stdio] [-e K=V] [-H "Name: value"] <name>
 * <url | command args…>` (Gemini CLI's `gemini mcp add` alike), `claude mcp add-json <name> '<json>'`,
 * `codex mcp add <name> [--env K=V] -- <command…>` or `--url <url> [--bearer-token-env-var V]` and
 * `code --add-mcp '<json with its name>'`. Read as the mcpServers config they write; undefined
 * for other text.
 */
export function readInstallCommand(text: string): unknown {
  // Any other text is told apart by its first line, before the work on all of them.
  if (!FIRST_LINE.test(text)) return undefined;
  const lines = text
    .replaceAll(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^\$\s+/, ""))
    .filter((line) => line !== "" && !line.startsWith("#"));
  if (lines.length === 0 || !lines.every((line) => COMMANDS.test(line))) return undefined;
  // fromEntries defines each name as its own key: a server named __proto__ stays a server.
  return { mcpServers: Object.fromEntries(lines.map(readLine)) };
}

function readLine(line: string): [string, Server] {
  const [program = "", ...rest] = splitWords(line);
  if (/^code(?:-insiders)?$/.test(program)) return readJsonServer("code --add-mcp", undefined, rest.slice(1));
  const [, verb = "", ...words] = rest;
  const cli = `${program} mcp ${verb}`;
  if (verb === "add-json") return readJsonServer(cli, words[0], words.slice(1));
  return program === "codex" ? readCodexAdd(cli, words) : readAdd(cli, words, program === "gemini");
}

/** Far more than any README's command (the server entry takes 256 args), checked before the shell parser's work. */
const MAX_WORDS = 1000;
const MAX_LINE = 32 * 1024;

function splitWords(line: string): string[] {
  if (line.length > MAX_LINE || line.split(/\s+/, MAX_WORDS + 1).length > MAX_WORDS) {
    throw commandError(line.split(/\s/, 3).join(" "), `longer than any install command (${MAX_WORDS} words, ${MAX_LINE / 1024} KB at most)`); // prettier-ignore
  }
  // Variables stay as written: they are the settings of the server, not this shell's values; a
  // command's output ($(grep TOKEN .env)) is a value to fill in, as READMEs' YOUR_TOKEN is.
  const filled = line.replaceAll(/\$\([^()]*\)/g, "YOUR_VALUE");
  return parse(filled, (name) => `\${${name}}`).map((word) => {
    if (typeof word === "string") return word;
    const operator = "op" in word ? word.op : "comment" in word ? "#" : "*";
    throw commandError(line.split(/\s/, 3).join(" "), `a shell operator (${operator}) in it: only the command itself can be read`); // prettier-ignore
  });
}

function commandError(cli: string, message: string): CatalogImportError {
  return new CatalogImportError("Import rejected", [{ path: "", message: `an install command (${cli}): ${message}` }]);
}

function readJsonServer(cli: string, name: string | undefined, words: readonly string[]): [string, Server] {
  let value: unknown;
  try {
    value = JSON.parse(words.join(" "));
  } catch {
    throw commandError(cli, "its server is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw commandError(cli, "its JSON is not a server object"); // prettier-ignore
  const { name: named, ...server } = value as Server;
  const serverName = name ?? named;
  if (typeof serverName !== "string" || serverName.trim() === "") throw commandError(cli, 'no name for the server (its JSON\'s "name")'); // prettier-ignore
  return [serverName, name === undefined ? server : (value as Server)];
}

/** `name=value` and `Name: value` pairs of repeated options. */
function readPair(cli: string, option: string, text: string, separator: "=" | ":"): [string, string] {
  const at = text.indexOf(separator);
  if (at <= 0) throw commandError(cli, `${option} takes ${separator === "=" ? "NAME=value" : '"Name: value"'}, not ${JSON.stringify(text)}`); // prettier-ignore
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

const TRANSPORTS: Readonly<Record<string, string>> = { stdio: "stdio", sse: "sse", http: "http", "streamable-http": "http" }; // prettier-ignore

/** Claude Code's and Gemini CLI's `mcp add`: options, then the name, then the URL or the command and its args. */
function readAdd(cli: string, words: readonly string[], gemini: boolean): [string, Server] {
  const env: Record<string, string> = {};
  const headers: Record<string, string> = {};
  const extra: Server = {};
  const positional: string[] = [];
  let transport = "stdio";
  let index = 0;
  // A remote server's options may follow its URL; a local one's words after its command are its args.
  for (; index < words.length && (positional.length < 2 || transport !== "stdio"); index += 1) {
    const word = words[index] ?? "";
    if (word === "--") {
      index += 1;
      break;
    }
    const [option = "", inline] = word.startsWith("--") ? word.split(/=(.*)/s, 2) : [word];
    const value = () => inline ?? words[(index += 1)] ?? "";
    if (option === "-t" || option === "--transport") {
      const given = value();
      transport = TRANSPORTS[given] ?? "";
      if (transport === "") throw commandError(cli, `--transport is stdio, sse or http, not ${JSON.stringify(given)}`);
    } else if (option === "-e" || option === "--env") {
      const [key, text] = readPair(cli, "--env", value(), "=");
      env[key] = text;
    } else if (option === "-H" || option === "--header") {
      const [key, text] = readPair(cli, "--header", value(), ":");
      headers[key] = text;
    } else if (option === "-s" || option === "--scope") value();
    else if (option === "--client-id") extra.oauth = { ...(extra.oauth as object), clientId: value() };
    else if (option === "--client-secret") extra.oauth = { ...(extra.oauth as object), clientSecret: value() };
    else if (option === "--timeout" || option === "--description") extra[option.slice(2)] = value();
    else if (option === "--trust") extra.trust = true;
    else if (option.startsWith("-")) throw commandError(cli, `an option it does not have: ${option}`);
    else positional.push(word);
  }
  const [name, target] = positional;
  // Gemini CLI's options end at a `--` after the command (`python server.py -- --server-arg v`).
  const rest = words.slice(index);
  const tail = gemini && rest.includes("--") ? rest.toSpliced(rest.indexOf("--"), 1) : rest;
  if (transport !== "stdio") {
    const url = target ?? tail[0];
    if (name === undefined || url === undefined) throw commandError(cli, "expected the server's name and its URL after the options"); // prettier-ignore
    return [name, { type: transport, url, ...(Object.keys(headers).length > 0 && { headers }), ...extra }];
  }
  const [command, ...args] = target === undefined ? tail : [target, ...tail];
  if (name === undefined || command === undefined) throw commandError(cli, "expected the server's name and the command that starts it after the options"); // prettier-ignore
  return [name, { command, args, ...(Object.keys(env).length > 0 && { env }), ...extra }];
}

/** Codex's `mcp add <name> [--env K=V]… -- <command…>` or `--url <url> [--bearer-token-env-var V]`. */
function readCodexAdd(cli: string, words: readonly string[]): [string, Server] {
  const [name, ...options] = words;
  if (name === undefined || name.startsWith("-")) throw commandError(cli, "expected the server's name first");
  const env: Record<string, string> = {};
  let url: string | undefined;
  let bearer: string | undefined;
  let index = 0;
  for (; index < options.length; index += 1) {
    const option = options[index];
    const value = () => options[(index += 1)] ?? "";
    if (option === "--" || !option?.startsWith("-")) break;
    if (option === "--env") {
      const [key, text] = readPair(cli, "--env", value(), "=");
      env[key] = text;
    } else if (option === "--url") url = value();
    else if (option === "--bearer-token-env-var") bearer = value();
    else throw commandError(cli, `an option it does not have: ${option}`);
  }
  if (url !== undefined) return [name, { url, ...(bearer !== undefined && { headers: { Authorization: `Bearer \${${bearer}}` } }) }]; // prettier-ignore
  const [command, ...args] = options.slice(options[index] === "--" ? index + 1 : index);
  if (command === undefined) throw commandError(cli, "expected -- and the command that starts the server, or --url");
  return [name, { command, args, ...(Object.keys(env).length > 0 && { env }) }];
}
