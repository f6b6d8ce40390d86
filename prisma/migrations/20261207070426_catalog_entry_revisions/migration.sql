-- Installations pin the catalog entry revision they run from (security issue 12, finding 7)
-- Snapshots are written by triggers, so every path that writes an entry (built-in sync, developer
-- folder, imports, admin edits, seeds) records one, and a changed entry always gets a new revision.

-- CreateTable
CREATE TABLE "CatalogEntryRevision" (
    "catalogEntryId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "entry" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CatalogEntryRevision_pkey" PRIMARY KEY ("catalogEntryId","revision")
);

-- AddForeignKey
ALTER TABLE "CatalogEntryRevision" ADD CONSTRAINT "CatalogEntryRevision_catalogEntryId_fkey" FOREIGN KEY ("catalogEntryId") REFERENCES "CatalogEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every existing entry's current state becomes its first stored revision, and every existing
-- installation is pinned to it.
INSERT INTO "CatalogEntryRevision" ("catalogEntryId", "revision", "entry")
SELECT "id", "revision", "entry" FROM "CatalogEntry";

-- AlterTable
ALTER TABLE "Installation" ADD COLUMN     "catalogRevision" INTEGER;
UPDATE "Installation" i SET "catalogRevision" = c."revision" FROM "CatalogEntry" c WHERE c."id" = i."catalogEntryId";
ALTER TABLE "Installation" ALTER COLUMN "catalogRevision" SET NOT NULL;

-- AddForeignKey
ALTER TABLE "Installation" ADD CONSTRAINT "Installation_catalogEntryId_catalogRevision_fkey" FOREIGN KEY ("catalogEntryId", "catalogRevision") REFERENCES "CatalogEntryRevision"("catalogEntryId", "revision") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The function bodies below write each semicolon as \x3B inside E'' strings: the driver adapter
-- that applies migrations here (no native engine offline) splits scripts at every semicolon, and
-- `prisma migrate deploy` reads them the same.

-- A changed entry is a new revision, whoever writes it.
CREATE FUNCTION "catalog_entry_bump_revision"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."entry" IS DISTINCT FROM OLD."entry" AND NEW."revision" <= OLD."revision" THEN
    NEW."revision" := OLD."revision" + 1\x3B
  END IF\x3B
  RETURN NEW\x3B
END';
CREATE TRIGGER "CatalogEntry_bump_revision" BEFORE UPDATE ON "CatalogEntry"
  FOR EACH ROW EXECUTE FUNCTION "catalog_entry_bump_revision"();

-- Every revision of an entry is stored once, as it was written.
CREATE FUNCTION "catalog_entry_store_revision"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "CatalogEntryRevision" ("catalogEntryId", "revision", "entry")
  VALUES (NEW."id", NEW."revision", NEW."entry")
  ON CONFLICT ("catalogEntryId", "revision") DO NOTHING\x3B
  RETURN NULL\x3B
END';
CREATE TRIGGER "CatalogEntry_store_revision" AFTER INSERT OR UPDATE ON "CatalogEntry"
  FOR EACH ROW EXECUTE FUNCTION "catalog_entry_store_revision"();

-- Snapshots are immutable.
CREATE FUNCTION "catalog_entry_revision_immutable"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''catalog entry revisions are immutable''\x3B
END';
CREATE TRIGGER "CatalogEntryRevision_immutable" BEFORE UPDATE ON "CatalogEntryRevision"
  FOR EACH ROW EXECUTE FUNCTION "catalog_entry_revision_immutable"();

-- An installation created without a revision is pinned to its entry's current one.
CREATE FUNCTION "installation_pin_revision"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."catalogRevision" IS NULL THEN
    SELECT "revision" INTO NEW."catalogRevision" FROM "CatalogEntry" WHERE "id" = NEW."catalogEntryId"\x3B
  END IF\x3B
  RETURN NEW\x3B
END';
CREATE TRIGGER "Installation_pin_revision" BEFORE INSERT ON "Installation"
  FOR EACH ROW EXECUTE FUNCTION "installation_pin_revision"();
