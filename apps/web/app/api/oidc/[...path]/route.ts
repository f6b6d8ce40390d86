import { forwardToLoopback } from "@/modules/oauth-server/lib/loopback-bridge.ts";
import { getOidcServer } from "@/modules/oauth-server/lib/oidc-server.ts";
import { currentClientAddress } from "@/server/rate-limit/index.ts";

export const dynamic = "force-dynamic";

/** Switchboard's authorization server (issue 15): every method goes to oidc-provider. */
async function handle(request: Request): Promise<Response> {
  const { loopbackOrigin } = await getOidcServer();
  return forwardToLoopback(loopbackOrigin, request, await currentClientAddress());
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE, handle as OPTIONS };
