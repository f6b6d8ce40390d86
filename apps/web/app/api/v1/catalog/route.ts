import { db } from "@/server/db.ts";
import { withApiCaller } from "@/server/api/with-api-caller.ts";
import { ensureCatalogSynced } from "@/modules/catalog/lib/ensure-catalog-synced.ts";
import { catalogQuerySchema, findCatalogEntries } from "@/modules/catalog/lib/find-catalog-entries.ts";

export const dynamic = "force-dynamic";

/** GET /api/v1/catalog?q=&category=&auth=&location=&installed=&page=&pageSize= — see docs/api.md. */
export const GET = withApiCaller({ query: catalogQuerySchema, access: "read" }, async (_request, { user, query }) => {
  await ensureCatalogSynced();
  const result = await findCatalogEntries(db(), user.id, query);
  return Response.json({
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    items: result.entries.map(({ entry, installed }) => ({ ...entry, installed })),
  });
});
