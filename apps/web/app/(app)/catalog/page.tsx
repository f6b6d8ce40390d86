import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { CatalogCard } from "@/modules/catalog/components/catalog-card.tsx";
import { CatalogFilters } from "@/modules/catalog/components/catalog-filters.tsx";
import { ensureCatalogSynced } from "@/modules/catalog/lib/ensure-catalog-synced.ts";
import { catalogQuerySchema, findCatalogEntries } from "@/modules/catalog/lib/find-catalog-entries.ts";

export const metadata = { title: "Catalog" };

export default async function CatalogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  await ensureCatalogSynced();
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter(([, value]) => typeof value === "string" && value !== ""),
  );
  const parsed = catalogQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : catalogQuerySchema.parse({});
  const result = await findCatalogEntries(db(), user.id, query);
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const pageLink = (page: number) =>
    `/catalog?${new URLSearchParams({ ...raw, page: String(page) } as Record<string, string>)}`;
  return (
    <>
      <PageHeader
        title="Catalog"
        description="Connectors your team can install: local servers that run in hardened containers, and remote MCP servers."
        actions={
          user.isInstanceAdmin ? (
            <Link href="/admin/catalog" className={buttonClasses("secondary")}>
              Manage catalog
            </Link>
          ) : null
        }
      />
      <CatalogFilters query={query} categories={result.categories} />
      <p className="mb-4 text-sm text-zinc-500" aria-live="polite">
        {result.total} connector{result.total === 1 ? "" : "s"}
      </p>
      {result.entries.length === 0 ? (
        <EmptyState
          icon="▦"
          title="No connectors match"
          description="Try another search or clear the filters."
          action={
            <Link href="/catalog" className={buttonClasses("secondary")}>
              Clear filters
            </Link>
          }
        />
      ) : (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Connectors">
          {result.entries.map((row) => (
            <li key={row.slug}>
              <CatalogCard entry={{ ...row, icon: row.entry.icon }} />
            </li>
          ))}
        </ul>
      )}
      {pages > 1 ? (
        <nav aria-label="Pages" className="mt-8 flex items-center justify-between text-sm">
          {result.page > 1 ? (
            <Link href={pageLink(result.page - 1)} className={buttonClasses("secondary")}>
              Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="text-zinc-500">
            Page {result.page} of {pages}
          </span>
          {result.page < pages ? (
            <Link href={pageLink(result.page + 1)} className={buttonClasses("secondary")}>
              Next
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
