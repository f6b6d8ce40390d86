-- Catalog search from Postgres (issue 17): `q` words are found through a trigram index and ranked
-- in the query, and browsing without `q` reads one index, so a search costs what it finds, not the
-- size of the catalog, and no web process holds a copy of it.

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- AlterTable
ALTER TABLE "CatalogEntry" ADD COLUMN     "searchName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "CatalogEntry_searchText_idx" ON "CatalogEntry" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "CatalogEntry_browse_idx" ON "CatalogEntry"("enabled", "searchName", "slug", "authKind", "location", "category");

-- Lower case, without the combining marks NFKD splits off accented letters ("Café" is found by
-- "cafe"), whitespace runs as one space. Entries and query words both go through it, so they
-- always compare alike.
CREATE FUNCTION "catalog_search_normalize"(input text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN regexp_replace(
    lower(regexp_replace(normalize(input, NFKD), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g')),
    '\s+', ' ', 'g');

-- The searchable fields, normalized, one per line (query words never hold whitespace, so a match
-- never spans two): 1 name, 2 slug, 3 tags (tab-separated), 4 category, 5 publisher,
-- 6 description, 7 the name's words (space-separated). The query that ranks them reads this layout
-- (apps/web/src/modules/catalog/lib/search-catalog-rows.ts).
CREATE FUNCTION "catalog_search_text"(name text, slug text, tags text[], category text, publisher text, description text)
  RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN array_to_string(ARRAY[
    catalog_search_normalize(name),
    catalog_search_normalize(slug),
    array_to_string(ARRAY(SELECT catalog_search_normalize(tag) FROM unnest(tags) AS tag), chr(9)),
    coalesce(catalog_search_normalize(category), ''),
    coalesce(catalog_search_normalize(publisher), ''),
    catalog_search_normalize(description),
    array_to_string(regexp_split_to_array(catalog_search_normalize(name), '[^[:alnum:]]+'), ' ')
  ], chr(10));

-- The LIKE pattern that finds a query word anywhere in "searchText".
CREATE FUNCTION "catalog_search_pattern"(word text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN '%' || regexp_replace(catalog_search_normalize(word), '([\\%_])', '\\\1', 'g') || '%';

-- Written by the database on every insert and update, so every path that writes an entry (built-in
-- sync, developer folder, imports, admin edits, seeds) leaves it searchable.
CREATE FUNCTION "catalog_entry_search_columns"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW."searchName" := catalog_search_normalize(NEW."name")\x3B
  NEW."searchText" := catalog_search_text(NEW."name", NEW."slug", NEW."tags", NEW."category", NEW."entry" -> ''publisher'' ->> ''name'', NEW."description")\x3B
  RETURN NEW\x3B
END';
CREATE TRIGGER "CatalogEntry_search_columns" BEFORE INSERT OR UPDATE ON "CatalogEntry"
  FOR EACH ROW EXECUTE FUNCTION "catalog_entry_search_columns"();

-- Existing entries (the entry itself is unchanged, so no revision is added).
UPDATE "CatalogEntry" SET "name" = "name";
