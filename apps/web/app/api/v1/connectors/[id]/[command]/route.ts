import { z } from "zod";
import { db } from "@/server/db.ts";
import { idSchema } from "@/server/parse-input.ts";
import { withApiCaller } from "@/server/api/with-api-caller.ts";
import { changeDesiredState } from "@/modules/connector-status/lib/change-desired-state.ts";

export const dynamic = "force-dynamic";

const params = z.object({
  id: idSchema,
  command: z.enum(["start", "stop", "restart"], { error: "Use start, stop or restart." }),
});

/** POST /api/v1/connectors/{id}/start|stop|restart — asks the runner; poll the connector for its status. */
export const POST = withApiCaller({ params, access: "write" }, async (_request, { user, params }) => {
  await changeDesiredState(db(), user, params.id, params.command);
  return Response.json({ desiredState: params.command === "stop" ? "STOPPED" : "RUNNING" }, { status: 202 });
});
