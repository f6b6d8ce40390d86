import { findSecretSpans } from "../secrets/detect-secrets.ts";
import { getOwn } from "../../util/get-own.ts";
import { ADMIN_CLIENT } from "../import-notes.ts";
import type { ImportNotes } from "../import-notes.ts";
import type { ClientSettings } from "./client-settings.ts";

/** Whose spelling a server map is written in, by the key that holds it. */
export type ClientDialect = "codex" | "goose" | "docker" | "generic";

type ServerConfig = Record<string, unknown>;

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === "string")
  );
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

/** Sets `NAME: ${NAME}` for variables the client passes from its own environment, unless set already. */
function passVariables(env: unknown, names: readonly string[]): Record<string, unknown> {
  const own = typeof env === "object" && env !== null && !Array.isArray(env) ? (env as Record<string, unknown>) : {};
  return { ...Object.fromEntries(names.map((name) => [name, `\${${name}}`])), ...own };
}

/**
 * Goose's config.yaml extension: `cmd`, `envs`, `env_keys` (names of secrets Goose keeps in the
 * keyring, which become secret settings; an install link describes them) and `uri` for its sse /
 * streamable_http extensions.
 */
function readGooseExtension(config: ServerConfig, settings: ClientSettings, notes: ImportNotes): ServerConfig {
  const { cmd, envs, env_keys: envKeys, env_descriptions: described, uri, display_name: displayName, ...rest } = config; // prettier-ignore
  const read: ServerConfig = { ...rest };
  if (isStringRecord(described)) {
    for (const [name, description] of Object.entries(described)) {
      // A link's `env=NAME=<the key itself>` would put the key in a description every member reads.
      if (findSecretSpans(description).length > 0)
        notes.warn(["env_descriptions", name], "looks like a credential, not a description: left out"); // prettier-ignore
      else settings.describeVariable(name, { description });
    }
  } else if (described !== undefined) read.env_descriptions = described;
  if (cmd !== undefined && !("command" in rest)) read.command = cmd;
  else if (cmd !== undefined) read.cmd = cmd;
  if (uri !== undefined && !("url" in rest)) read.url = uri;
  else if (uri !== undefined) read.uri = uri;
  if (typeof displayName === "string" && displayName.trim() !== "") read.name = displayName;
  else if (displayName !== undefined) read.display_name = displayName;
  const keys = isStringList(envKeys) ? envKeys : [];
  if (envKeys !== undefined && !isStringList(envKeys)) read.env_keys = envKeys;
  for (const key of keys) settings.markSecretVariable(key);
  if (envs !== undefined || keys.length > 0) read.env = passVariables(envs, keys);
  if (keys.length > 0) notes.warn(["env_keys"], `Goose keeps ${keys.join(", ")} in its keyring: each became a secret setting`); // prettier-ignore
  if (cmd !== undefined || uri !== undefined) notes.warn([cmd !== undefined ? "cmd" : "uri"], "read as Goose writes it (cmd, envs, env_keys, uri)"); // prettier-ignore
  return read;
}

/**
 * Codex's `[mcp_servers.x]`: `bearer_token_env_var` (the token's env var, sent as a Bearer header),
 * `http_headers`, `env_http_headers` (header -> env var) and `env_vars` (variables forwarded from
 * Codex's environment), each read as the headers and env it stands for.
 */
function readCodexServer(config: ServerConfig, settings: ClientSettings, notes: ImportNotes): ServerConfig {
  const { bearer_token_env_var: bearer, http_headers: fixed, env_http_headers: fromEnv, env_vars: forwarded, ...rest } = config; // prettier-ignore
  const read: ServerConfig = { ...rest };
  const headers: Record<string, unknown> = isStringRecord(rest.headers) ? { ...rest.headers } : {};
  if (isStringRecord(fixed)) Object.assign(headers, fixed);
  else if (fixed !== undefined) read.http_headers = fixed;
  if (isStringRecord(fromEnv)) {
    for (const [header, name] of Object.entries(fromEnv)) headers[header] ??= `\${${name}}`;
  } else if (fromEnv !== undefined) read.env_http_headers = fromEnv;
  if (typeof bearer === "string" && !Object.keys(headers).some((name) => name.toLowerCase() === "authorization")) {
    settings.markSecretVariable(bearer);
    headers.Authorization = `Bearer \${${bearer}}`;
    notes.warn(["bearer_token_env_var"], `sent as "Authorization: Bearer" with the secret setting for ${bearer}`);
  } else if (bearer !== undefined) read.bearer_token_env_var = bearer;
  if (Object.keys(headers).length > 0) read.headers = headers;
  const names = Array.isArray(forwarded) ? forwarded.flatMap((item) => (typeof item === "string" ? [item] : [])) : [];
  if (names.length > 0 && names.length === (forwarded as unknown[]).length) {
    read.env = passVariables(rest.env, names);
    notes.warn(["env_vars"], `${names.join(", ")} forwarded from Codex's environment: each became a setting`);
  } else if (forwarded !== undefined) read.env_vars = forwarded;
  return read;
}

/** LiteLLM's `auth_type`s with a fixed credential: the header its `auth_value` goes in, after its scheme. */
const LITELLM_AUTH: Readonly<Record<string, { header: string; scheme: string }>> = {
  api_key: { header: "X-API-Key", scheme: "" },
  bearer_token: { header: "Authorization", scheme: "Bearer " },
  token: { header: "Authorization", scheme: "token " },
  authorization: { header: "Authorization", scheme: "" },
};

/** LiteLLM's `os.environ/NAME`: the value of an environment variable, a setting here. */
function readEnvironReference(value: string): string {
  return value.replace(/^os\.environ\/([A-Za-z_]\w*)$/, "${$1}");
}

/**
 * LiteLLM's config.yaml `mcp_servers` (the key Codex uses too): `auth_type` with its `auth_value`
 * is the header LiteLLM sends (X-API-Key, or Authorization with its scheme), `static_headers` more
 * headers; `os.environ/NAME` values become settings. An auth_value without a value is one too.
 */
function readLiteLlmServer(config: ServerConfig, notes: ImportNotes): ServerConfig {
  const { auth_type: authType, auth_value: authValue, static_headers: fixed, ...rest } = config;
  const auth = typeof authType === "string" ? getOwn(LITELLM_AUTH, authType) : undefined;
  if (auth === undefined && !isStringRecord(fixed)) return config;
  const read: ServerConfig = { ...rest };
  const headers: Record<string, string> = isStringRecord(rest.headers) ? { ...rest.headers } : {};
  if (isStringRecord(fixed))
    for (const [name, value] of Object.entries(fixed)) headers[name] ??= readEnvironReference(value);
  else if (fixed !== undefined) read.static_headers = fixed;
  if (auth !== undefined) {
    const value = typeof authValue === "string" ? readEnvironReference(authValue) : "${AUTH_VALUE}";
    headers[auth.header] ??= `${auth.scheme}${value}`;
    notes.warn(["auth_type"], `LiteLLM's auth_type ${JSON.stringify(authType)}: its auth_value sent as the ${auth.header} header`); // prettier-ignore
  } else {
    if (authType !== undefined) read.auth_type = authType;
    if (authValue !== undefined) read.auth_value = authValue;
  }
  return { ...read, headers };
}

/** `{{server.key}}` in a Docker catalog entry's values: a setting named by the key. */
function toSettingReference(value: string): string {
  return value.replaceAll(/\{\{\s*[\w-]+\.([\w.-]+)\s*\}\}/g, (_match, key: string) => `{{${key}}}`);
}

function readList(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null && !Array.isArray(item)) : []; // prettier-ignore
}

/**
 * Docker's MCP catalog (`registry:` in docker-mcp.yaml): an image with `secrets` (env vars filled
 * from Docker's secret store: secret settings), `env` (values with `{{server.key}}` settings),
 * `command` (the container's arguments) and `config` (the settings' descriptions); or a `remote`.
 * Read as the `docker run` a client would write, so the usual image mapping applies.
 */
function readDockerCatalogServer(config: ServerConfig, settings: ClientSettings, notes: ImportNotes): ServerConfig {
  const { image, secrets, env, command, remote, title, config: described, type, oauth, ...rest } = config;
  const read: ServerConfig = { ...rest, ...(typeof title === "string" && { name: title }) };
  if (type !== undefined) notes.keep(["type"], "the kind of Docker catalog entry");
  if (oauth !== undefined) notes.keep(["oauth"], "Docker's OAuth providers; a remote server's OAuth is discovered from its URL"); // prettier-ignore
  for (const block of readList(described)) {
    const properties = block.properties;
    if (typeof properties !== "object" || properties === null) continue;
    for (const [key, property] of Object.entries(properties as Record<string, unknown>)) {
      const description = (property as Record<string, unknown> | null)?.description;
      if (typeof description === "string") settings.describeVariable(key, { description });
    }
  }
  if (described !== undefined) notes.keep(["config"], "the settings' descriptions (Docker's config schema)");
  if (typeof remote === "object" && remote !== null && !Array.isArray(remote)) {
    const { url, transport_type: transport, headers } = remote as Record<string, unknown>;
    return { ...read, url, ...(typeof transport === "string" && { type: transport }), ...(headers !== undefined && { headers }) }; // prettier-ignore
  }
  if (typeof image !== "string") return config;
  const variables: Record<string, string> = {};
  for (const secret of readList(secrets)) {
    if (typeof secret.env !== "string" || typeof secret.name !== "string") continue;
    settings.markSecretVariable(secret.env);
    variables[secret.env] = `\${${secret.env}}`;
  }
  for (const variable of readList(env)) {
    if (typeof variable.name === "string" && typeof variable.value === "string") variables[variable.name] = toSettingReference(variable.value); // prettier-ignore
  }
  const args = Array.isArray(command) ? command.filter((arg): arg is string => typeof arg === "string").map(toSettingReference) : []; // prettier-ignore
  notes.warn(["image"], "a Docker MCP catalog server: read as docker run of its image with its secrets and env");
  return {
    ...read,
    command: "docker",
    args: ["run", "-i", "--rm", ...Object.keys(variables).flatMap((name) => ["-e", name]), image, ...args],
    env: variables,
  };
}

/** Reads a server written in a client's own field names as the common mcpServers fields. */
export function readDialectFields(
  config: ServerConfig,
  dialect: ClientDialect,
  settings: ClientSettings,
  notes: ImportNotes,
): ServerConfig {
  if (dialect === "goose") return readGooseExtension(config, settings, notes);
  if (dialect === "codex") return readLiteLlmServer(readCodexServer(config, settings, notes), notes);
  if (dialect === "docker") return readDockerCatalogServer(config, settings, notes);
  return config;
}

function isScalar(value: unknown): value is number | boolean {
  return typeof value === "number" || typeof value === "boolean";
}

/**
 * `"args": ["--port", 8080]`, `"env": {"DEBUG": true}`: READMEs write numbers and booleans where
 * clients pass text (a process's argv and environment hold only strings), so they are read as text.
 */
function stringifyScalars(config: ServerConfig, notes: ImportNotes): ServerConfig {
  const read: ServerConfig = { ...config };
  if (Array.isArray(config.args) && config.args.some(isScalar)) {
    read.args = config.args.map((arg: unknown, index) => {
      if (!isScalar(arg)) return arg;
      notes.warn(["args", index], `${JSON.stringify(arg)} read as the text "${String(arg)}"`);
      return String(arg);
    });
  }
  for (const key of ["env", "environment", "envs", "headers"]) {
    const map = config[key];
    if (typeof map !== "object" || map === null || Array.isArray(map) || !Object.values(map).some(isScalar)) continue;
    read[key] = Object.fromEntries(
      Object.entries(map).map(([name, value]: [string, unknown]) => {
        if (!isScalar(value)) return [name, value];
        notes.warn([key, name], `${JSON.stringify(value)} read as the text "${String(value)}"`);
        return [name, String(value)];
      }),
    );
  }
  return read;
}

/** LibreChat's names for an OAuth block's fields, and MCPHub's (the oauth block the importer reads). */
const LIBRECHAT_OAUTH: Readonly<Record<string, string>> = {
  authorization_url: "authorizationEndpoint",
  token_url: "tokenEndpoint",
  client_id: "clientId",
};

/**
 * LibreChat's `oauth` block (`authorization_url`, `token_url`, `client_id`, `client_secret`,
 * `scope` as one space-separated string): read as the endpoints, client and scopes they are; its
 * other fields (`redirect_uri`: Switchboard has its own callback) stay as they are, noted.
 */
function readLibreChatOAuth(config: ServerConfig, notes: ImportNotes): ServerConfig {
  const { oauth } = config;
  if (typeof oauth !== "object" || oauth === null || Array.isArray(oauth)) return config;
  const fields = oauth as Record<string, unknown>;
  if (!["authorization_url", "token_url", "client_id", "scope"].some((key) => key in fields)) return config;
  const read: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === "scope" && typeof value === "string")
      read.scopes = value.split(/[\s,]+/).filter((scope) => scope !== "");
    else if (key === "client_secret") notes.dropSecret(["oauth", key], value);
    else read[getOwn(LIBRECHAT_OAUTH, key) ?? key] = value;
  }
  if (fields.client_id !== undefined) notes.keep(["oauth", "client_id"], ADMIN_CLIENT);
  notes.warn(["oauth"], "LibreChat's oauth block: read as its endpoints, client and scopes");
  return { ...config, oauth: read };
}

/**
 * Continue's `requestOptions.headers` (its other request options stay as they are),
 * LibreChat's `customUserVars`, whose titles and descriptions describe its `{{NAME}}` settings,
 * and LibreChat's `oauth` block.
 */
export function readCommonExtras(config: ServerConfig, settings: ClientSettings, notes: ImportNotes): ServerConfig {
  let read = readLibreChatOAuth(stringifyScalars(config, notes), notes);
  const { requestOptions, ...rest } = read;
  if (typeof requestOptions === "object" && requestOptions !== null && !Array.isArray(requestOptions)) {
    const { headers, ...options } = requestOptions as Record<string, unknown>;
    if (isStringRecord(headers) && !("headers" in rest)) {
      read = { ...rest, headers, ...(Object.keys(options).length > 0 && { requestOptions: options }) };
      notes.warn(["requestOptions", "headers"], "read as the server's headers (Continue's spelling)");
    }
  }
  const { customUserVars: vars, ...others } = read;
  if (typeof vars === "object" && vars !== null && !Array.isArray(vars)) {
    notes.keep(
      ["customUserVars"],
      "LibreChat's custom user variables: their titles and descriptions describe the {{NAME}} settings",
    );
    read = others;
    for (const [name, details] of Object.entries(vars)) {
      if (typeof details !== "object" || details === null) continue;
      const { title, description } = details as Record<string, unknown>;
      settings.describeVariable(name, {
        ...(typeof title === "string" && { title }),
        ...(typeof description === "string" && { description }),
      });
    }
  }
  return read;
}
