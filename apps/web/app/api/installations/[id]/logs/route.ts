import { withUser } from "@/server/api/with-user.ts";
import { db } from "@/server/db.ts";
import { getInstallationForUser } from "@/modules/installation-status/lib/get-installation-for-user.ts";
import { openRunnerLogStream } from "@/modules/installation-status/lib/open-runner-log-stream.ts";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async (request, { user, params }) => {
  const installation = await getInstallationForUser(db(), user, params.id);
  return openRunnerLogStream(installation, request.signal);
});
