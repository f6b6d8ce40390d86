import { CatalogImportError } from "../../errors/catalog-error.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import type { LocalServer, Runtime } from "../../schema/server.ts";
import { getOwn } from "../../util/get-own.ts";
import { toHttpEndpoint } from "../http-endpoint.ts";
import type { ImportNotes } from "../import-notes.ts";
import { findUnusableBundleReason } from "./map-registry-bundle.ts";
import type { BundleManifests } from "./map-registry-bundle.ts";
import type { RegistryArgument, RegistryPackage } from "./registry-schema.ts";
import type { RegistrySettings } from "./registry-settings.ts";

interface Launcher {
  runtime: Runtime;
  launcher?: string;
  /** For runtimes without a default image: one that has the launcher. */
  image?: string;
  /** The registry packages come from when `registryBaseUrl` is absent. */
  defaultRegistry?: string;
  /** The launcher's flag for another registry. */
  registryFlag?: string;
}

const PACKAGE_LAUNCHERS: Readonly<Record<string, Launcher>> = {
  npm: { runtime: "node", launcher: "npx", defaultRegistry: "registry.npmjs.org", registryFlag: "--registry" },
  pypi: { runtime: "python", launcher: "uvx", defaultRegistry: "pypi.org", registryFlag: "--index-url" },
  oci: { runtime: "image", defaultRegistry: "docker.io" },
  // .NET 10's `dnx` runs a NuGet tool package the way npx runs an npm one.
  nuget: {
    runtime: "binary",
    launcher: "dnx",
    image: "mcr.microsoft.com/dotnet/sdk:10.0",
    defaultRegistry: "api.nuget.org",
  },
};

/** `docker run` flags among an image's runtimeArguments that set an env var (`-e NAME={value}`). */
const DOCKER_ENV_FLAGS = new Set(["-e", "--env"]);

/** Why a package cannot become a Switchboard server, or undefined when it can. */
export function findUnsupportedPackageReason(
  pkg: RegistryPackage,
  bundleManifests?: BundleManifests,
): string | undefined {
  if (pkg.registryType === "mcpb") return findUnusableBundleReason(pkg, bundleManifests);
  if (!getOwn(PACKAGE_LAUNCHERS, pkg.registryType)) {
    return `registryType ${pkg.registryType} is not supported (supported: ${[...Object.keys(PACKAGE_LAUNCHERS), "mcpb"].join(", ")})`;
  }
  if (pkg.transport.type === "sse") return "local servers on the legacy SSE transport are not supported";
  if (pkg.transport.type === "streamable-http" && !resolveHttpEndpoint(pkg)) {
    return `cannot tell the port of ${pkg.transport.url} from the package's defaults`;
  }
  return undefined;
}

/**
 * npm -> `npx -y <id>@<version> ...`, pypi -> `uvx <id>@<version> ...`, oci -> the image itself with
 * the package arguments as its command. Runtime arguments go before the package for npx/uvx; for
 * images they are `docker run` flags, which the runner owns.
 */
export function mapRegistryPackage(
  pkg: RegistryPackage,
  path: readonly PathSegment[],
  settings: RegistrySettings,
  notes: ImportNotes,
): LocalServer {
  const launch = getOwn(PACKAGE_LAUNCHERS, pkg.registryType);
  if (!launch) {
    const message = findUnsupportedPackageReason(pkg) ?? "unsupported";
    throw new CatalogImportError("Unsupported package", [{ path: formatPath([...path, "registryType"]), message }]);
  }
  const { runtime, launcher } = launch;
  if (pkg.runtimeHint !== undefined && pkg.runtimeHint !== (launcher ?? "docker")) {
    notes.keep([...path, "runtimeHint"], `Switchboard runs ${pkg.registryType} packages with ${launcher ?? "docker"}`);
  }
  const http = resolveHttpEndpoint(pkg);
  for (const [name, value] of Object.entries(http?.variables ?? {})) settings.pin(name, value);
  const mapArguments = (list: readonly RegistryArgument[] | undefined, key: string) =>
    (list ?? []).map((argument, index) => mapArgument(argument, [...path, key, index], settings));
  const packageArgs = mapArguments(pkg.packageArguments, "packageArguments");
  const env = Object.fromEntries(
    (pkg.environmentVariables ?? []).map((variable, index) => [
      variable.name,
      settings.valueFor(variable, [...path, "environmentVariables", index]),
    ]),
  );
  if (pkg.transport.type !== "stdio") {
    notes.keep([...path, "transport", "headers"], "headers to a local server are not supported");
  }
  const registry = readRegistryHost(pkg, launch, path, notes);
  const common = { type: "local" as const, runtime, env, ...(http && { http: http.endpoint }) };
  if (runtime === "image") {
    Object.assign(env, mapDockerEnv(pkg, path, settings, notes));
    return { ...common, image: withTag(withRegistry(pkg.identifier, registry), pkg.version), args: packageArgs };
  }
  const runtimeArgs = mapArguments(pkg.runtimeArguments, "runtimeArguments");
  if (registry && launch.registryFlag) runtimeArgs.unshift(`${launch.registryFlag}=${registry.url}`);
  const spec = pkg.version ? `${pkg.identifier}@${pkg.version}` : pkg.identifier;
  // npx and dnx ask before installing, which would hang a server with no terminal.
  const confirmFlag = launcher === "npx" ? "-y" : launcher === "dnx" ? "--yes" : undefined;
  const confirm =
    confirmFlag && !runtimeArgs.includes(confirmFlag) && !runtimeArgs.includes("--yes") ? [confirmFlag] : [];
  if (launch.image) notes.warn([...path, "registryType"], `runs with ${launcher} in ${launch.image}`);
  const image = launch.image ? { image: launch.image } : {};
  const before = launcher === "dnx" ? [spec, ...confirm] : [...confirm, spec];
  return { ...common, ...image, command: launcher, args: [...runtimeArgs, ...before, ...packageArgs] };
}

/** A registry other than the type's default (`registryBaseUrl`), or undefined for the default. */
function readRegistryHost(pkg: RegistryPackage, launch: Launcher, path: readonly PathSegment[], notes: ImportNotes) {
  if (pkg.registryBaseUrl === undefined) return undefined;
  const url = new URL(pkg.registryBaseUrl);
  if (url.host === launch.defaultRegistry || (launch.runtime === "image" && url.host === "registry-1.docker.io")) {
    notes.keep([...path, "registryBaseUrl"], `the default registry for ${pkg.registryType}`);
    return undefined;
  }
  if (launch.runtime !== "image" && !launch.registryFlag) {
    notes.keep([...path, "registryBaseUrl"], `${pkg.registryType} packages come from ${launch.defaultRegistry ?? "the default registry"}`); // prettier-ignore
    return undefined;
  }
  return { url: pkg.registryBaseUrl, host: url.host };
}

/** `ghcr.io` + `github/github-mcp-server` -> `ghcr.io/github/github-mcp-server`; a named host wins. */
function withRegistry(identifier: string, registry: { host: string } | undefined): string {
  if (!registry) return identifier;
  const first = identifier.split("/")[0] ?? "";
  const hasHost = identifier.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return hasHost ? identifier : `${registry.host}/${identifier}`;
}

/**
 * An image's runtimeArguments are `docker run` flags. `-e NAME={value}` (Terraform's server.json)
 * is an env var of the container: it becomes one, with its variables as settings (secret when
 * marked or named so). Other flags (mounts, networks) are the runner's to decide, so they are kept.
 */
function mapDockerEnv(
  pkg: RegistryPackage,
  path: readonly PathSegment[],
  settings: RegistrySettings,
  notes: ImportNotes,
): Record<string, string> {
  const env: Record<string, string> = {};
  const others: number[] = [];
  (pkg.runtimeArguments ?? []).forEach((argument, index) => {
    const argumentPath = [...path, "runtimeArguments", index];
    const assignment = argument.type === "named" && DOCKER_ENV_FLAGS.has(argument.name) ? argument.value : undefined;
    const at = assignment?.indexOf("=") ?? -1;
    const name = assignment?.slice(0, at);
    if (assignment === undefined || name === undefined || at < 1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      others.push(index);
      return;
    }
    env[name] = settings.fixed({ ...argument, value: assignment }, assignment.slice(at + 1), argumentPath, name);
    notes.warn(argumentPath, `docker -e ${name}: set as the container's env var ${name}`);
  });
  if (others.length === (pkg.runtimeArguments ?? []).length) {
    notes.keep([...path, "runtimeArguments"], "docker run flags are not applied (the runner builds the container)");
  } else {
    for (const index of others) {
      notes.keep([...path, "runtimeArguments", index], "docker run flags are not applied (the runner builds the container)"); // prettier-ignore
    }
  }
  return env;
}

/** Positional: the value or a setting named by valueHint; named: `--flag=<value>`, as the schema describes it. */
function mapArgument(argument: RegistryArgument, path: readonly PathSegment[], settings: RegistrySettings): string {
  const prefix = argument.type === "named" ? `${argument.name}=` : "";
  if (argument.value !== undefined) return prefix + settings.fixed(argument, argument.value, path);
  const name = argument.type === "named" ? argument.name : (argument.valueHint ?? `argument_${String(path.at(-1))}`);
  return prefix + settings.placeholderFor(name, argument, path, argument.isRepeated ?? false);
}

function withTag(identifier: string, version: string | undefined): string {
  const lastSegment = identifier.split("/").pop() ?? identifier;
  return version === undefined || lastSegment.includes(":") || identifier.includes("@")
    ? identifier
    : `${identifier}:${version}`;
}

interface HttpEndpoint {
  endpoint: NonNullable<LocalServer["http"]>;
  /** The URL's `{name}` values, which the server's settings must keep fixed. */
  variables: Record<string, string>;
}

/** Resolves `http://localhost:{port}/mcp` against the package's env var, argument and default values. */
function resolveHttpEndpoint(pkg: RegistryPackage): HttpEndpoint | undefined {
  if (pkg.transport.type !== "streamable-http") return undefined;
  const known = new Map<string, string | undefined>();
  for (const variable of pkg.environmentVariables ?? []) known.set(variable.name, variable.value ?? variable.default);
  for (const argument of [...(pkg.runtimeArguments ?? []), ...(pkg.packageArguments ?? [])]) {
    const name = argument.type === "named" ? argument.name.replace(/^-+/, "") : argument.valueHint;
    if (name !== undefined) known.set(name, argument.value ?? argument.default);
  }
  const variables: Record<string, string> = {};
  const url = pkg.transport.url.replaceAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string) => {
    const value = known.get(name);
    if (value === undefined) return match;
    variables[name] = value;
    return value;
  });
  return URL.canParse(url) ? { endpoint: toHttpEndpoint(url), variables } : undefined;
}
