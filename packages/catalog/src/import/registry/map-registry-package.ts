import { CatalogImportError } from "../../errors/catalog-error.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import type { LocalServer, Runtime } from "../../schema/server.ts";
import { getOwn } from "../../util/get-own.ts";
import { toHttpEndpoint } from "../http-endpoint.ts";
import type { ImportNotes } from "../import-notes.ts";
import type { RegistryArgument, RegistryPackage } from "./registry-schema.ts";
import type { RegistrySettings } from "./registry-settings.ts";

const PACKAGE_LAUNCHERS: Readonly<Record<string, { runtime: Runtime; launcher?: string }>> = {
  npm: { runtime: "node", launcher: "npx" },
  pypi: { runtime: "python", launcher: "uvx" },
  oci: { runtime: "image" },
};

/** Why a package cannot become a Switchboard server, or undefined when it can. */
export function findUnsupportedPackageReason(pkg: RegistryPackage): string | undefined {
  if (!getOwn(PACKAGE_LAUNCHERS, pkg.registryType)) {
    return `registryType ${pkg.registryType} is not supported (supported: ${Object.keys(PACKAGE_LAUNCHERS).join(", ")})`;
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
    notes.keep([...path, "runtimeHint"], `Switchboard runs ${pkg.registryType} packages with ${launcher}`);
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
  const common = { type: "local" as const, runtime, env, ...(http && { http: http.endpoint }) };
  if (runtime === "image") {
    notes.keep([...path, "runtimeArguments"], "docker run flags are not applied (the runner builds the container)");
    return { ...common, image: withTag(pkg.identifier, pkg.version), args: packageArgs };
  }
  const runtimeArgs = mapArguments(pkg.runtimeArguments, "runtimeArguments");
  const spec = pkg.version ? `${pkg.identifier}@${pkg.version}` : pkg.identifier;
  // npx asks before installing, which would hang a server with no terminal.
  const confirm = launcher === "npx" && !runtimeArgs.includes("-y") && !runtimeArgs.includes("--yes") ? ["-y"] : [];
  return { ...common, command: launcher, args: [...runtimeArgs, ...confirm, spec, ...packageArgs] };
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
