import { z } from "zod";
import { db } from "@/server/db.ts";
import { withApiCaller } from "@/server/api/with-api-caller.ts";
import { getCatalogEntry } from "@/modules/catalog/lib/get-catalog-entry.ts";

export const dynamic = "force-dynamic";

/** GET /api/v1/catalog/{id} — one enabled entry in the normalized catalog format. */
export const GET = withApiCaller(
  { params: z.object({ id: z.string().min(1).max(200) }), access: "read" },
  async (_request, { params }) => {
    const row = await getCatalogEntry(db(), params.id);
    return Response.json({ ...row.entry, revision: row.revision });
  },
);
