import { Prisma, type CatalogSource, type PrismaClient } from "@switchboard/db";

/** Words beyond this many are ignored: each one adds a condition and a score to the query. */
const MAX_WORDS = 8;

export interface CatalogRowQuery {
  /** Words matched against name, slug, tags, category, publisher and description; every word must match. */
  q?: string;
  category?: string;
  authKind?: string;
  location?: "local" | "remote";
  /** With `installedSlugs`: true keeps only those entries, false only the others. */
  installed?: boolean;
  installedSlugs: readonly string[];
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface CatalogRowPage {
  total: number;
  rows: Array<{ slug: string; source: CatalogSource; entry: unknown }>;
}

/**
 * One page of enabled catalog entries, best match first (then by name), from Postgres.
 * `q` words are found through the trigram index on "searchText" and ranked here; without `q` the
 * page and the count come from the browse index. Both columns are written by a trigger (see the
 * catalog_search migration for the layout of "searchText": one normalized field per line).
 */
export async function searchCatalogRows(prisma: PrismaClient, query: CatalogRowQuery): Promise<CatalogRowPage> {
  const rows = await prisma.$queryRaw<
    Array<{ total: number; slug: string | null; source: CatalogSource | null; entry: unknown }>
  >(catalogSearchSql(query));
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.flatMap(({ slug, source, entry }) =>
      slug !== null && source !== null ? [{ slug, source, entry }] : [],
    ),
  };
}

/** The statement `searchCatalogRows` runs: one row per entry of the page, each with the total (one row with no entry when the page is empty). */
export function catalogSearchSql(query: CatalogRowQuery): Prisma.Sql {
  const words = splitWords(query.q ?? "");
  const conditions = [Prisma.sql`c.enabled`, ...filterConditions(query), ...words.map(matchWord)];
  const score = words.length > 0 ? Prisma.join(words.map(scoreWord), " + ") : Prisma.sql`0`;
  const fields =
    words.length > 0 ? Prisma.sql`CROSS JOIN LATERAL string_to_array(c."searchText", chr(10)) AS s(f)` : Prisma.empty;
  // Only narrow columns go through counting and sorting; the stored entries are read for the page
  // alone. Hits of words are ranked once (materialized) for both the count and the page; without
  // words the count and the page are read from the browse index separately, the page in its order.
  const materialized = words.length > 0 ? Prisma.sql`MATERIALIZED` : Prisma.sql`NOT MATERIALIZED`;
  return Prisma.sql`
    WITH hits AS ${materialized} (
      SELECT c.slug, c."searchName", ${score} AS score
      FROM "CatalogEntry" c ${fields}
      WHERE ${Prisma.join(conditions, " AND ")}
    ), page AS (
      SELECT * FROM hits ORDER BY score DESC, "searchName", slug
      LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}
    )
    SELECT (SELECT count(*) FROM hits)::int AS total, e.slug, e.source, e.entry
    FROM (SELECT 1) AS one
    LEFT JOIN page p ON true
    LEFT JOIN "CatalogEntry" e ON e.slug = p.slug
    ORDER BY p.score DESC, p."searchName", p.slug`;
}

function splitWords(q: string): string[] {
  return [...new Set(q.toLowerCase().split(/\s+/).filter(Boolean))].slice(0, MAX_WORDS);
}

function filterConditions(query: CatalogRowQuery): Prisma.Sql[] {
  const installed = Prisma.sql`c.slug = ANY (${[...query.installedSlugs]}::text[])`;
  return [
    ...(query.category === undefined ? [] : [Prisma.sql`c.category = ${query.category}`]),
    ...(query.authKind === undefined ? [] : [Prisma.sql`c."authKind" = ${query.authKind}`]),
    ...(query.location === undefined ? [] : [Prisma.sql`c.location = ${query.location}`]),
    ...(query.installed === undefined ? [] : [query.installed ? installed : Prisma.sql`NOT (${installed})`]),
  ];
}

/** The word anywhere in the searchable fields: what the trigram index answers. */
function matchWord(word: string): Prisma.Sql {
  return Prisma.sql`c."searchText" LIKE catalog_search_pattern(${word})`;
}

/**
 * The best field the word hits: exact name 100, name prefix 60, prefix of a name word 40, inside
 * the name 25, exact tag 30, inside the slug 20, inside a tag 15, category or publisher 10,
 * description 5. Every word of a hit hits something (matchWord), so the sum ranks the hits.
 */
function scoreWord(word: string): Prisma.Sql {
  const w = Prisma.sql`catalog_search_normalize(${word})`;
  const tab = Prisma.sql`chr(9)`;
  return Prisma.sql`GREATEST(
    CASE
      WHEN f[1] = ${w} THEN 100
      WHEN starts_with(f[1], ${w}) THEN 60
      WHEN strpos(' ' || f[7], ' ' || ${w}) > 0 THEN 40
      WHEN strpos(f[1], ${w}) > 0 THEN 25
      ELSE 0
    END,
    CASE WHEN strpos(f[2], ${w}) > 0 THEN 20 ELSE 0 END,
    CASE
      WHEN strpos(${tab} || f[3] || ${tab}, ${tab} || ${w} || ${tab}) > 0 THEN 30
      WHEN strpos(f[3], ${w}) > 0 THEN 15
      ELSE 0
    END,
    CASE WHEN strpos(f[4], ${w}) > 0 OR strpos(f[5], ${w}) > 0 THEN 10 ELSE 0 END,
    CASE WHEN strpos(f[6], ${w}) > 0 THEN 5 ELSE 0 END
  )`;
}
