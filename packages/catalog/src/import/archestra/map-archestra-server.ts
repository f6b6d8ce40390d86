import { CatalogImportError } from "../../errors/catalog-error.ts";
import type { CatalogServer, LocalServer } from "../../schema/server.ts";
import { noteSettingHost } from "../allow-setting-host.ts";
import { toHttpEndpoint } from "../http-endpoint.ts";
import type { ImportNotes } from "../import-notes.ts";
import { inferLocalServer } from "../infer-local-server.ts";
import { inferTransport } from "../infer-transport.ts";
import type { ArchestraEntry } from "./archestra-schema.ts";

/** Local (`command`/`args`/`env`, or DXT `mcp_config`) or remote (`server.url`, older `remote_url`). */
export function mapArchestraServer(source: ArchestraEntry, notes: ImportNotes): CatalogServer {
  const server = source.server ?? {};
  const isRemote = server.type === "remote" || server.command === "remote" || (!server.command && !server.mcp_config);
  if (isRemote) {
    const url = server.url ?? source.remote_url;
    if (url === undefined && server.command === "") {
      throw new CatalogImportError("Invalid Archestra catalog entry", [
        { path: "server.command", message: "empty, and the entry names no remote url: there is nothing to run (Archestra could not start it either)" }, // prettier-ignore
      ]);
    }
    if (url === undefined) {
      throw new CatalogImportError("Invalid Archestra catalog entry", [
        { path: "server", message: "expected server.command, server.mcp_config or a remote server.url / remote_url" },
      ]);
    }
    if (server.url && source.remote_url !== server.url) notes.keep(["remote_url"]);
    if (server.args?.length) notes.keep(["server", "args"]);
    if (Object.keys(server.env ?? {}).length > 0) notes.keep(["server", "env"]);
    const urlPath = server.url ? ["server", "url"] : ["remote_url"];
    return noteSettingHost({ type: "remote", url, transport: inferTransport(url), headers: {} }, urlPath, notes);
  }
  const dxt = server.mcp_config;
  if (dxt) {
    notes.keep(["server", "command"]);
    notes.keep(["server", "args"]);
    notes.keep(["server", "env"]);
  }
  const launchPath = dxt ? ["server", "mcp_config"] : ["server"];
  const launch = inferLocalServer(
    {
      command: dxt?.command ?? server.command ?? "",
      args: (dxt ?? server).args ?? [],
      env: (dxt ?? server).env ?? {},
      envReachesContainer: true,
      ...(!dxt && server.docker_image && { image: server.docker_image }),
    },
    launchPath,
    notes,
  );
  // DXT names the runtime in server.type; a bare interpreter path then still gets the right image.
  // uv (MCPB 0.3) runs Python projects; the python image has uv.
  const named = server.type === "uv" ? "python" : server.type;
  const runtime = launch.runtime === "binary" && (named === "node" || named === "python") ? named : launch.runtime;
  const local: LocalServer = { type: "local", ...launch, runtime };
  const http = mapStreamableHttp(source);
  return http ? { ...local, http } : local;
}

/** The seeds' local servers that speak HTTP declare it in oauth_config (`streamable_http_url`/`_port`). */
function mapStreamableHttp({ oauth_config: oauth }: ArchestraEntry): LocalServer["http"] {
  if (!oauth?.streamable_http_url && oauth?.streamable_http_port === undefined) return undefined;
  return toHttpEndpoint(oauth.streamable_http_url ?? "http://localhost/mcp", oauth.streamable_http_port);
}
