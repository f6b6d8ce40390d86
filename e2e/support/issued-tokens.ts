import type Provider from "oidc-provider";
import { fingerprintOf } from "./token-probe/probe-contract.ts";

export interface IssuedAccessToken {
  grantId: string;
  /** True for a token from the refresh-token grant, false for one from the authorization code. */
  refreshed: boolean;
}

/**
 * Listens to the test provider's token events, so a spec can tell which access token a connector
 * used from the token's fingerprint alone, and revoke the grant behind it as its user would.
 */
export function recordIssuedTokens(provider: Provider) {
  const accessTokens = new Map<string, IssuedAccessToken>();
  const latestRefreshTokens = new Map<string, string>();
  provider.on("access_token.saved", (token) => {
    accessTokens.set(fingerprintOf(token.jti), {
      grantId: token.grantId,
      refreshed: token.gty.endsWith("refresh_token"),
    });
  });
  provider.on("refresh_token.saved", (token) => {
    if (token.grantId) latestRefreshTokens.set(token.grantId, token.jti);
  });
  return {
    /** The access token with this fingerprint, if the provider issued it. */
    byFingerprint: (fingerprint: string) => accessTokens.get(fingerprint),
    /** The newest refresh token of a grant (the provider rotates them on every refresh). */
    refreshTokenOf: (grantId: string) => latestRefreshTokens.get(grantId),
  };
}
