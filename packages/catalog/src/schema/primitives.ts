import { z } from "zod";

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

export const slugSchema = z
  .string()
  .max(100)
  .regex(SLUG_PATTERN, "expected a lowercase slug matching [a-z0-9][a-z0-9._-]*");

export const userConfigKeySchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, "expected a setting key: a letter or _, then letters, digits, _ or -");

export const envNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "expected an environment variable name matching [A-Za-z_][A-Za-z0-9_]*");

export const headerNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, "expected an HTTP header name");

/** RFC 6749 scope-token characters: printable ASCII except space, `"` and `\`. */
export const scopeSchema = z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,512}$/, "expected a scope without spaces");

export const imageRefSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}$/,
    "expected a container image reference such as node:24-bookworm-slim",
  );

/** `host`, `host:port` or `*.domain` (any subdomain): where a member's setting may point a URL. */
export const hostPatternSchema = z
  .string()
  .regex(
    /^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$/,
    "expected a host such as mcp.example.com, mcp.example.com:8443 or *.example.com",
  );

export const httpUrlSchema = z.string().refine(isHttpUrl, "expected an http(s) URL");

/**
 * An http(s) URL once its `${...}` placeholders are filled in: the catalog's `${user_config.key}`
 * and client configs' `${input:id}` / `${env:NAME}`, whose colon alone would not parse in a host.
 */
export const templatedHttpUrlSchema = z
  .string()
  .refine((url) => isHttpUrl(url.replaceAll(/\$\{[^}]*\}/g, "x")), "expected an http(s) URL");

/** OAuth endpoints: https, except loopback hosts for development and tests. */
export const secureUrlSchema = z.string().refine(isSecureUrl, "expected an https URL (http only for localhost)");

export const absolutePathSchema = z
  .string()
  .refine(isAbsolutePath, "expected an absolute path without '.' or '..' segments");

export function isHttpUrl(value: string): boolean {
  if (/\s/.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
}

export function isSecureUrl(value: string): boolean {
  if (!isHttpUrl(value)) return false;
  const url = new URL(value);
  return url.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

export function isAbsolutePath(value: string): boolean {
  if (!value.startsWith("/") || value.length > 4096 || value.includes("\0")) return false;
  return value
    .split("/")
    .slice(1)
    .every((segment) => segment !== "." && segment !== "..");
}
