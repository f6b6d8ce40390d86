import type { AuthKind } from "@switchboard/catalog";

export const authKindLabels: Record<AuthKind, string> = {
  none: "No sign-in",
  api_key: "API key",
  oauth2_generic: "OAuth 2.0",
  mcp_oauth: "MCP OAuth",
  remote_mcp_static: "OAuth (admin client)",
  remote_mcp_dcr: "OAuth (auto-registered)",
};

export function authKindLabel(kind: string): string {
  return authKindLabels[kind as AuthKind] ?? kind;
}
