import { withUser } from "@/server/api/with-user.ts";
import { z } from "zod";
import { db } from "@/server/db.ts";
import { idSchema } from "@/server/parse-input.ts";
import { openRunnerLogStream } from "@/modules/connector-status/lib/open-runner-log-stream.ts";
import { streamConnectorLogs } from "@/modules/connector-status/lib/stream-connector-logs.ts";

export const dynamic = "force-dynamic";

export const GET = withUser({ params: z.object({ id: idSchema }) }, async (request, { user, params }) =>
  streamConnectorLogs(db(), user, params.id, openRunnerLogStream, request.signal),
);
