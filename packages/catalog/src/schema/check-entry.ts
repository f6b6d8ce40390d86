import { getOwn } from "../util/get-own.ts";
import type { z } from "zod";
import type { PathSegment } from "../errors/format-path.ts";
import { checkTemplate } from "../template/placeholder-rules.ts";
import type { TemplateScope, TemplateSite } from "../template/placeholder-rules.ts";
import { isOAuth } from "./auth.ts";
import type { OAuthAuth } from "./auth.ts";
import type { CatalogEntry } from "./catalog-entry.ts";

interface Problem {
  path: PathSegment[];
  message: string;
}

/** Rules that span fields: templates against settings and auth, auth against server shape. */
export function checkEntry(entry: CatalogEntry, ctx: z.RefinementCtx): void {
  const problems = [...checkServer(entry), ...checkAuth(entry), ...checkTemplates(entry)];
  for (const { path, message } of problems) ctx.addIssue({ code: "custom", path, message });
}

function checkServer({ server, auth }: CatalogEntry): Problem[] {
  if (server.type !== "local") return [];
  if (server.runtime === "image" && !server.image) {
    return [{ path: ["server", "image"], message: "required when runtime is image" }];
  }
  if (server.runtime === "image" && server.bundle) {
    return [{ path: ["server", "bundle"], message: "a bundle is unpacked onto a runtime's image (node, python or binary), not runtime image" }]; // prettier-ignore
  }
  const tokenFiles = isOAuth(auth) ? auth.delivery.flatMap((delivery) => (delivery.kind === "file" ? Object.keys(delivery.files) : [])) : []; // prettier-ignore
  const clash = Object.keys(server.files ?? {}).find((path) => tokenFiles.includes(path));
  if (clash !== undefined)
    return [{ path: ["server", "files", clash], message: "the token delivery writes this file too" }];
  if (server.runtime !== "image" && !server.command) {
    return [{ path: ["server", "command"], message: `required: expected string (runtime ${server.runtime})` }];
  }
  return [];
}

function checkAuth(entry: CatalogEntry): Problem[] {
  const { auth, userConfig } = entry;
  if (auth.kind === "api_key") {
    return auth.fields.flatMap((key, index) => {
      const field = getOwn(userConfig, key);
      const path = ["auth", "fields", index];
      if (!field) return [{ path, message: `userConfig has no key ${JSON.stringify(key)}` }];
      return field.secret ? [] : [{ path, message: `userConfig.${key} must be a secret setting` }];
    });
  }
  return isOAuth(auth) ? checkOAuth(entry, auth) : [];
}

function checkOAuth({ server }: CatalogEntry, auth: OAuthAuth): Problem[] {
  const problems: Problem[] = [];
  if ((auth.kind === "remote_mcp_static" || auth.kind === "remote_mcp_dcr") && server.type !== "remote") {
    problems.push({ path: ["auth", "kind"], message: `${auth.kind} needs a remote server (server.type "remote")` });
  }
  if (auth.scopes.length > 0) {
    auth.defaultScopes.forEach((scope, index) => {
      if (!auth.scopes.includes(scope)) {
        problems.push({ path: ["auth", "defaultScopes", index], message: `${scope} is not listed in auth.scopes` });
      }
    });
  }
  const seen = new Set<string>();
  auth.delivery.forEach((delivery, index) => {
    const path = ["auth", "delivery", index];
    if (seen.has(delivery.kind)) problems.push({ path, message: `duplicate ${delivery.kind} delivery` });
    seen.add(delivery.kind);
    if (server.type === "remote") {
      if (delivery.kind !== "header") {
        problems.push({ path: [...path, "kind"], message: "a remote server receives its token only as a header" });
      } else if (Object.keys(server.headers).some((name) => name.toLowerCase() === "authorization")) {
        problems.push({ path: ["server", "headers"], message: "Authorization is set by the header token delivery" });
      }
    } else if (delivery.kind === "header" && !server.http) {
      problems.push({ path, message: "header delivery needs server.http (a server that speaks HTTP)" });
    } else if (delivery.kind === "env" && Object.hasOwn(server.env, delivery.accessTokenEnvVar)) {
      problems.push({
        path: [...path, "accessTokenEnvVar"],
        message: `server.env already sets ${delivery.accessTokenEnvVar}`,
      });
    }
  });
  return problems;
}

function checkTemplates(entry: CatalogEntry): Problem[] {
  const scope: TemplateScope = { fields: entry.userConfig, oauth: isOAuth(entry.auth) };
  const sites: Array<[PathSegment[], string, TemplateSite]> = [];
  const { server, auth } = entry;
  if (server.type === "local") {
    if (server.command !== undefined) sites.push([["server", "command"], server.command, "command"]);
    server.args.forEach((arg, index) => sites.push([["server", "args", index], arg, "arg"]));
    for (const [name, value] of Object.entries(server.env)) sites.push([["server", "env", name], value, "env"]);
    for (const [path, value] of Object.entries(server.files ?? {}))
      sites.push([["server", "files", path], value, "file"]);
  } else {
    sites.push([["server", "url"], server.url, "url"]);
    for (const [name, value] of Object.entries(server.headers)) {
      sites.push([["server", "headers", name], value, "header"]);
    }
  }
  if (isOAuth(auth)) {
    auth.delivery.forEach((delivery, index) => {
      if (delivery.kind !== "file") return;
      for (const [path, content] of Object.entries(delivery.files)) {
        sites.push([["auth", "delivery", index, "files", path], content, "file"]);
      }
    });
  }
  return sites.flatMap(([path, template, site]) => {
    const checked = checkTemplate(template, site, scope);
    return checked.ok ? [] : checked.messages.map((message) => ({ path, message }));
  });
}
