import { db } from "@/server/db.ts";
import { AppError } from "@/server/errors.ts";
import { withUser } from "@/server/api/with-user.ts";
import { ensureCatalogSynced } from "@/modules/catalog/lib/ensure-catalog-synced.ts";
import { catalogQuerySchema, findCatalogEntries } from "@/modules/catalog/lib/find-catalog-entries.ts";

export const dynamic = "force-dynamic";

/** GET /api/v1/catalog?q=&category=&auth=&location=&installed=&page=&pageSize= — see docs/api.md. */
export const GET = withUser(async (request, { user }) => {
  const parsed = catalogQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    throw new AppError(
      "invalid_input",
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
    );
  }
  await ensureCatalogSynced();
  const result = await findCatalogEntries(db(), user.id, parsed.data);
  return Response.json({
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    items: result.entries.map(({ entry, installed }) => ({ ...entry, installed })),
  });
});
