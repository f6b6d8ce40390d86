import { z } from "zod";
import { db, secretBox } from "@/server/db.ts";
import { requestConnectorJob } from "@/server/jobs.ts";
import { idSchema } from "@/server/parse-input.ts";
import { readJsonBody } from "@/server/api/read-json-body.ts";
import { withApiCaller } from "@/server/api/with-api-caller.ts";
import { uninstallConnector } from "@/modules/connector-status/lib/change-desired-state.ts";
import { getConnectorForUser } from "@/modules/connector-status/lib/get-connector-for-user.ts";
import { toStatusView } from "@/modules/connector-status/lib/to-status-view.ts";
import { apiSettingsSchema, toSettingsForm } from "@/modules/connectors/lib/api-settings.ts";
import { createOAuthDependencies } from "@/modules/connectors/lib/create-oauth-dependencies.ts";
import { updateConnectorSettings } from "@/modules/connectors/lib/update-connector-settings.ts";

export const dynamic = "force-dynamic";

const params = z.object({ id: idSchema });

/** GET /api/v1/connectors/{id} — one connector with its status and tools. */
export const GET = withApiCaller({ params, access: "read" }, async (_request, { user, params }) => {
  const connector = await getConnectorForUser(db(), user, params.id);
  return Response.json(
    {
      id: connector.id,
      name: connector.name,
      catalogEntry: connector.catalogEntry.slug,
      scope: connector.scope === "TEAM" ? "team" : "personal",
      team: connector.teamId ? { id: connector.teamId, name: connector.team?.name ?? null } : null,
      createdAt: connector.createdAt,
      ...toStatusView(connector),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});

/** PATCH /api/v1/connectors/{id} — changes settings (the same rules as the settings form). */
export const PATCH = withApiCaller({ params, access: "write" }, async (request, { user, params }) => {
  const body = await readJsonBody(request, z.object({ settings: apiSettingsSchema }));
  const changed = await updateConnectorSettings(
    db(),
    secretBox(),
    user,
    { connectorId: params.id, settings: toSettingsForm(body.settings) },
    (connector) => requestConnectorJob("installation.restart", connector),
  );
  return Response.json({ changed });
});

/** DELETE /api/v1/connectors/{id} — stops and removes it, revoking its grant at the provider. */
export const DELETE = withApiCaller({ params, access: "write" }, async (_request, { user, params }) => {
  await uninstallConnector(
    {
      ...createOAuthDependencies(),
      requestRemoval: (connector) => requestConnectorJob("installation.remove", connector),
    },
    user,
    params.id,
  );
  return new Response(null, { status: 204 });
});
