import { z } from "zod";
import { db } from "@/server/db.ts";
import { readJsonBody } from "@/server/api/read-json-body.ts";
import { withApiCaller } from "@/server/api/with-api-caller.ts";
import { apiSettingsSchema, toSettingsForm } from "@/modules/connectors/lib/api-settings.ts";
import { toConnectorApiItem } from "@/modules/connectors/lib/connector-api-view.ts";
import { createOAuthDependencies } from "@/modules/connectors/lib/create-oauth-dependencies.ts";
import { createConnector } from "@/modules/connectors/lib/install-connector.ts";
import { listConnectors } from "@/modules/connectors/lib/list-connectors.ts";

export const dynamic = "force-dynamic";

const installBodySchema = z.object({
  catalogEntry: z.string().min(1).max(100),
  /** A team the caller administers; personal when absent. */
  teamId: z.uuid().optional(),
  settings: apiSettingsSchema,
});

/** GET /api/v1/connectors — the caller's personal and team connectors; see docs/api.md. */
export const GET = withApiCaller({ access: "read" }, async (_request, { user }) =>
  Response.json(
    { items: (await listConnectors(db(), user)).map(toConnectorApiItem) },
    { headers: { "Cache-Control": "no-store" } },
  ),
);

/** POST /api/v1/connectors — installs a catalog entry; an OAuth one answers with the sign-in URL to open. */
export const POST = withApiCaller({ access: "write" }, async (request, { user }) => {
  const body = await readJsonBody(request, installBodySchema);
  const { connectorId, authorizationUrl } = await createConnector(createOAuthDependencies(), user, {
    slug: body.catalogEntry,
    scope: body.teamId ?? "personal",
    settings: toSettingsForm(body.settings),
  });
  return Response.json(
    {
      id: connectorId,
      status: authorizationUrl ? "AWAITING_AUTHORIZATION" : "QUEUED",
      ...(authorizationUrl && { authorizationUrl }),
    },
    { status: 201, headers: { Location: `/api/v1/connectors/${connectorId}` } },
  );
});
