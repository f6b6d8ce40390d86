import { LaunchSpecError } from "../errors/catalog-error.ts";
import type { CatalogIssue } from "../errors/catalog-error.ts";
import { formatPath } from "../errors/format-path.ts";
import type { PathSegment } from "../errors/format-path.ts";
import { isOAuth } from "../schema/auth.ts";
import type { OAuthAuth } from "../schema/auth.ts";
import type { CatalogEntry } from "../schema/catalog-entry.ts";
import type { LocalServer, RemoteServer } from "../schema/server.ts";
import { renderTemplate } from "../template/render-template.ts";
import type { RenderContext } from "../template/render-template.ts";
import type { TemplateSite } from "../template/placeholder-rules.ts";
import { DEFAULT_BUNDLE_BINARY_IMAGE, DEFAULT_RUNTIME_IMAGES } from "./launch-spec.ts";
import type {
  ContainerLaunchSpec,
  ContainerResources,
  LaunchCredentials,
  LaunchFile,
  LaunchOptions,
  LaunchSpec,
  RemoteLaunchSpec,
} from "./launch-spec.ts";
import { validateUserConfig } from "./validate-user-config.ts";
import type { UserConfigInput } from "./validate-user-config.ts";

/**
 * Turns an entry, one connector's settings and its credentials into what the runner starts (a
 * container) or the gateway calls (a remote server). Pure and strict: every problem is collected
 * and thrown as one LaunchSpecError naming the field; templates are filled in once, verbatim, into
 * argv arrays, env values, headers and files — nothing ever passes through a shell.
 */
export function deriveLaunchSpec(
  entry: CatalogEntry,
  userConfig: UserConfigInput,
  credentials: LaunchCredentials = {},
  options: LaunchOptions = {},
): LaunchSpec {
  const settings = validateUserConfig(entry, userConfig);
  if (!settings.ok) {
    const issues = Object.entries(settings.fieldErrors).map(([key, message]) => ({
      path: formatPath(["userConfig", key]),
      message,
    }));
    throw new LaunchSpecError("Invalid settings", issues);
  }
  const oauth = isOAuth(entry.auth) ? entry.auth : undefined;
  checkCredentials(oauth, credentials);
  const renderer = new Renderer({
    scope: { fields: entry.userConfig, oauth: oauth !== undefined },
    values: settings.values,
    ...(credentials.accessToken !== undefined && { accessToken: credentials.accessToken }),
    ...(credentials.expiresAt && { expiresAt: credentials.expiresAt.toISOString() }),
    bundleDir: options.bundleDir ?? "/app",
    allowedHosts: entry.server.type === "remote" ? entry.server.allowedHosts : undefined,
  });
  const spec =
    entry.server.type === "remote"
      ? deriveRemote(entry.server, oauth, credentials, renderer)
      : deriveContainer(entry.server, oauth, credentials, options, renderer);
  if (renderer.issues.length > 0) throw new LaunchSpecError("Cannot build a launch spec", renderer.issues);
  return spec;
}

function checkCredentials(oauth: OAuthAuth | undefined, credentials: LaunchCredentials): void {
  const token = credentials.accessToken;
  if (oauth && !token) {
    throw new LaunchSpecError("Not authorized", [
      { path: "credentials.accessToken", message: `required for ${oauth.kind} auth: authorize the connector first` },
    ]);
  }
  // A token ends up in a header or env var; control characters there would split or truncate it.
  if (token !== undefined && /\p{Cc}/u.test(token)) {
    throw new LaunchSpecError("Invalid credentials", [
      { path: "credentials.accessToken", message: "contains control characters" },
    ]);
  }
  if (credentials.expiresAt && Number.isNaN(credentials.expiresAt.getTime())) {
    throw new LaunchSpecError("Invalid credentials", [
      { path: "credentials.expiresAt", message: "expected a valid date" },
    ]);
  }
}

function deriveRemote(
  server: RemoteServer,
  oauth: OAuthAuth | undefined,
  credentials: LaunchCredentials,
  renderer: Renderer,
): RemoteLaunchSpec {
  const url = renderer.renderOne(server.url, "url", ["server", "url"]) ?? server.url;
  const { values: headers, secretNames } = renderer.renderMap(server.headers, "header", ["server", "headers"]);
  if (oauth && credentials.accessToken) {
    headers.Authorization = `Bearer ${credentials.accessToken}`;
    secretNames.push("Authorization");
  }
  return { kind: "remote", url, transport: server.transport, headers, secretHeaderNames: secretNames };
}

function deriveContainer(
  server: LocalServer,
  oauth: OAuthAuth | undefined,
  credentials: LaunchCredentials,
  options: LaunchOptions,
  renderer: Renderer,
): ContainerLaunchSpec {
  const image =
    server.runtime === "image"
      ? server.image
      : (server.image ??
        options.images?.[server.runtime] ??
        DEFAULT_RUNTIME_IMAGES[server.runtime] ??
        (server.bundle && (options.bundleBinaryImage ?? DEFAULT_BUNDLE_BINARY_IMAGE)));
  if (!image) {
    renderer.issues.push({
      path: "server.image",
      message: `no image for runtime ${server.runtime}: set server.image or options.images.${server.runtime}`,
    });
  }
  const command =
    server.command === undefined ? [] : renderer.render(server.command, "command", ["server", "command"]).values;
  const args: string[] = [];
  const secretArgIndexes: number[] = [];
  server.args.forEach((arg, index) => {
    const rendered = renderer.render(arg, "arg", ["server", "args", index]);
    if (rendered.secret) secretArgIndexes.push(...rendered.values.map((_, offset) => args.length + offset));
    args.push(...rendered.values);
  });
  const { values: env, secretNames: secretEnvNames } = renderer.renderMap(server.env, "env", ["server", "env"]);
  const files: LaunchFile[] = Object.entries(server.files ?? {}).map(([path, template]) => ({
    path,
    content: renderer.renderOne(template, "file", ["server", "files", path]) ?? "",
    mode: 0o400,
  }));
  const token = credentials.accessToken ?? "";
  let headers: Record<string, string> = {};
  oauth?.delivery.forEach((delivery, index) => {
    if (delivery.kind === "env") {
      env[delivery.accessTokenEnvVar] = token;
      secretEnvNames.push(delivery.accessTokenEnvVar);
    } else if (delivery.kind === "header") {
      headers = { Authorization: `Bearer ${token}` };
    } else {
      for (const [path, template] of Object.entries(delivery.files)) {
        const content = renderer.renderOne(template, "file", ["auth", "delivery", index, "files", path]) ?? "";
        files.push({ path, content, mode: 0o400 });
      }
    }
  });
  return {
    kind: "container",
    image: image ?? "",
    ...(server.bundle && { bundle: { ...server.bundle } }),
    command,
    args,
    secretArgIndexes,
    env,
    secretEnvNames,
    files: files.sort((a, b) => a.path.localeCompare(b.path)),
    ports: server.http ? [server.http.port] : [],
    ...(server.http && { http: { ...server.http, headers } }),
    resources: mergeResources(options.resources, server.resources),
  };
}

function mergeResources(defaults: ContainerResources = {}, entry: LocalServer["resources"] = {}): ContainerResources {
  return {
    ...defaults,
    ...(entry.memoryMb !== undefined && { memoryBytes: entry.memoryMb * 1024 * 1024 }),
    ...(entry.cpus !== undefined && { nanoCpus: Math.round(entry.cpus * 1e9) }),
    ...(entry.pids !== undefined && { pidsLimit: entry.pids }),
  };
}

/** Renders templates and collects every problem with its path, so one error lists them all. */
class Renderer {
  readonly issues: CatalogIssue[] = [];
  readonly #context: RenderContext;

  constructor(context: RenderContext) {
    this.#context = context;
  }

  /** Values plus whether any holds a secret setting or token (for redaction where they are shown). */
  render(template: string, site: TemplateSite, path: readonly PathSegment[]): { values: string[]; secret: boolean } {
    const rendered = this.#render(template, site, path);
    return { values: rendered?.values ?? [], secret: rendered?.secret ?? false };
  }

  /** For sites with exactly one value, or undefined when it is omitted. */
  renderOne(template: string, site: TemplateSite, path: readonly PathSegment[]): string | undefined {
    return this.#render(template, site, path)?.values[0];
  }

  renderMap(
    templates: Readonly<Record<string, string>>,
    site: TemplateSite,
    path: readonly PathSegment[],
  ): { values: Record<string, string>; secretNames: string[] } {
    const values: Record<string, string> = {};
    const secretNames: string[] = [];
    for (const [name, template] of Object.entries(templates)) {
      const rendered = this.#render(template, site, [...path, name]);
      const value = rendered?.values[0];
      if (value === undefined) continue;
      values[name] = value;
      if (rendered?.secret) secretNames.push(name);
    }
    return { values, secretNames };
  }

  #render(template: string, site: TemplateSite, path: readonly PathSegment[]) {
    const rendered = renderTemplate(template, site, this.#context);
    if (rendered.ok) return rendered;
    this.issues.push(...rendered.messages.map((message) => ({ path: formatPath(path), message })));
    return undefined;
  }
}
