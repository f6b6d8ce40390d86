/**
 * Providers an Archestra entry may name with only `archestra_config.oauth.provider` (the desktop app
 * kept their endpoints in code, not in the catalog). Endpoints are the providers' documented ones.
 */
export interface KnownOAuthProvider {
  authorizationUrl: string;
  tokenUrl: string;
  scopes: string[];
  authorizationParams: Record<string, string>;
}

export const KNOWN_OAUTH_PROVIDERS: Readonly<Record<string, KnownOAuthProvider>> = {
  github: {
    authorizationUrl: "https://github.com/login/oauth/authorize",
    tokenUrl: "https://github.com/login/oauth/access_token",
    scopes: ["repo", "read:org", "read:user"],
    authorizationParams: {},
  },
  google: {
    authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    scopes: ["openid", "email", "profile"],
    authorizationParams: { access_type: "offline", prompt: "consent" },
  },
  jira: {
    authorizationUrl: "https://auth.atlassian.com/authorize",
    tokenUrl: "https://auth.atlassian.com/oauth/token",
    scopes: ["read:jira-user", "write:jira-work", "offline_access"],
    authorizationParams: { audience: "api.atlassian.com", prompt: "consent" },
  },
  microsoft: {
    authorizationUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    tokenUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
    scopes: ["offline_access", "User.Read"],
    authorizationParams: {},
  },
  slack: {
    authorizationUrl: "https://slack.com/oauth/v2/authorize",
    tokenUrl: "https://slack.com/api/oauth.v2.access",
    scopes: ["channels:read", "chat:write", "users:read"],
    authorizationParams: {},
  },
};
