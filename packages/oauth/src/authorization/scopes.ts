import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import type { BearerChallenge } from "../discovery/parse-www-authenticate.ts";

export interface ScopeSelectionInput {
  /** `scope` of the server's 401 challenge. */
  challengeScope?: string | undefined;
  /** Scopes an admin configured for the catalog entry (static and generic providers). */
  configuredScopes?: readonly string[] | undefined;
  /** `scopes_supported` of the protected resource metadata. */
  scopesSupported?: readonly string[] | undefined;
  /** When its `scopes_supported` lists `offline_access`, it is added to ask for a refresh token. */
  authorizationServer?: AuthorizationServerMetadata | undefined;
}

export function splitScopes(scope: string | undefined): string[] {
  return scope?.split(" ").filter(Boolean) ?? [];
}

/** Union keeping first-seen order. */
export function mergeScopes(...lists: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set(lists.flat())];
}

/**
 * MCP's scope selection: the challenge's scopes, else the entry's configured scopes, else the
 * resource's `scopes_supported`, else none (the `scope` parameter is then omitted). The
 * challenge comes first because it is what the server needs now. `offline_access` is added
 * only when the authorization server lists it, and never alone.
 */
export function selectScopes(input: ScopeSelectionInput): string[] {
  const challenged = splitScopes(input.challengeScope);
  const base =
    challenged.length > 0
      ? challenged
      : input.configuredScopes?.length
        ? [...input.configuredScopes]
        : [...(input.scopesSupported ?? [])];
  const offlineAccess = input.authorizationServer?.scopes_supported?.includes("offline_access") ?? false;
  return base.length > 0 && offlineAccess ? mergeScopes(base, ["offline_access"]) : base;
}

/**
 * Scopes for a step-up authorization after a 403 `insufficient_scope` challenge: the union of
 * the scopes already granted and the challenged ones, so nothing granted is lost (MCP
 * 2026-07-28). Undefined when the challenge is not an `insufficient_scope` one. The caller
 * bounds how often it steps up.
 */
export function computeStepUpScopes(
  grantedScope: string | undefined,
  challenge: BearerChallenge | undefined,
): string[] | undefined {
  if (challenge?.error !== "insufficient_scope") return undefined;
  return mergeScopes(splitScopes(grantedScope), splitScopes(challenge.scope));
}
