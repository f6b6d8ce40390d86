-- The gateway caches OAuth access-token checks like gateway-token checks and drops its cache when
-- Postgres says a consent may have changed (issue 15, on issue 17's channel): an app revoked or
-- re-consented (its profile or grant changed), or a token family's grant deleted. Grant rows are
-- one kind among oidc-provider's many short-lived rows, so that trigger fires per deleted grant
-- row only. Function bodies write each semicolon as \x3B inside E'' strings.
CREATE TRIGGER "OAuthConsent_notify_gateway_auth"
  AFTER UPDATE OF "grantId", "restricted", "userId" OR DELETE ON "OAuthConsent"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_gateway_auth_change"();
CREATE TRIGGER "OAuthConsentInstallation_notify_gateway_auth"
  AFTER INSERT OR UPDATE OR DELETE ON "OAuthConsentInstallation"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_gateway_auth_change"();
CREATE TRIGGER "OidcPayload_grant_notify_gateway_auth"
  AFTER DELETE ON "OidcPayload"
  FOR EACH ROW WHEN (OLD."kind" = 'Grant') EXECUTE FUNCTION "notify_gateway_auth_change"();
