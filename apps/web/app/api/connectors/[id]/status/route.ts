import { withUser } from "@/server/api/with-user.ts";
import { z } from "zod";
import { db } from "@/server/db.ts";
import { idSchema } from "@/server/parse-input.ts";
import { getConnectorForUser } from "@/modules/connector-status/lib/get-connector-for-user.ts";
import { toStatusView } from "@/modules/connector-status/lib/to-status-view.ts";

export const dynamic = "force-dynamic";

export const GET = withUser({ params: z.object({ id: idSchema }) }, async (_request, { user, params }) => {
  const connector = await getConnectorForUser(db(), user, params.id);
  return Response.json(toStatusView(connector), { headers: { "Cache-Control": "no-store" } });
});
