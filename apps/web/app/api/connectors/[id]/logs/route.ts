import { withUser } from "@/server/api/with-user.ts";
import { z } from "zod";
import { db } from "@/server/db.ts";
import { idSchema } from "@/server/parse-input.ts";
import { authorizeLogStream } from "@/modules/connector-status/lib/log-access.ts";
import { openRunnerLogStream } from "@/modules/connector-status/lib/open-runner-log-stream.ts";

export const dynamic = "force-dynamic";

export const GET = withUser({ params: z.object({ id: idSchema }) }, async (request, { user, params }) => {
  const connector = await authorizeLogStream(db(), user, params.id);
  return openRunnerLogStream(connector, request.signal);
});
