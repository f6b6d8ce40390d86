-- The gateway confirms an OAuth credential's version once and then trusts it until Postgres says
-- it changed (issue 17: no database round trip per call to a remote server). Row-level: the
-- payload is the credential's id, delivered at commit, so a refresh by the runner (or another
-- gateway) reaches every gateway before its next call.
-- Function bodies write each semicolon as \x3B inside E'' strings (see catalog_entry_revisions).
CREATE FUNCTION "notify_credential_version_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''switchboard_credential_versions'', COALESCE(NEW."id", OLD."id")::text)\x3B
  RETURN NULL\x3B
END';
CREATE TRIGGER "OAuthCredential_notify_credential_version"
  AFTER UPDATE OF "version" OR DELETE ON "OAuthCredential"
  FOR EACH ROW EXECUTE FUNCTION "notify_credential_version_change"();
