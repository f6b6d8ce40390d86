-- The gateway caches token checks and drops its cache when Postgres says one may have changed
-- (issue 17): revoking or expiring a token, changing its profile, disabling or deleting its user.
-- Statement-level triggers: one notification per statement, delivered at commit. Column lists
-- keep the gateway's own lastUsedAt writes from emptying the cache.
-- Function bodies write each semicolon as \x3B inside E'' strings (see catalog_entry_revisions).
CREATE FUNCTION "notify_gateway_auth_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''switchboard_gateway_auth'', TG_TABLE_NAME)\x3B
  RETURN NULL\x3B
END';
CREATE TRIGGER "GatewayToken_notify_gateway_auth"
  AFTER UPDATE OF "revokedAt", "expiresAt", "restricted", "tokenHash", "userId" OR DELETE ON "GatewayToken"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_gateway_auth_change"();
CREATE TRIGGER "GatewayTokenInstallation_notify_gateway_auth"
  AFTER INSERT OR UPDATE OR DELETE ON "GatewayTokenInstallation"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_gateway_auth_change"();
CREATE TRIGGER "User_notify_gateway_auth"
  AFTER UPDATE OF "disabledAt" OR DELETE ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_gateway_auth_change"();
CREATE TRIGGER "Membership_notify_gateway_auth"
  AFTER INSERT OR UPDATE OR DELETE ON "Membership"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_gateway_auth_change"();
