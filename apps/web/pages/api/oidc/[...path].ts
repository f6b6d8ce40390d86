import type { NextApiRequest, NextApiResponse } from "next";
import { getOidcServer } from "@/modules/oauth-server/lib/oidc-server.ts";

// oidc-provider is a Node (Koa) application: a Pages API route hands it Node's own req/res, which an
// App Router handler cannot. It reads request bodies itself.
export const config = { api: { bodyParser: false, externalResolver: true } };

export default async function oidcRoute(request: NextApiRequest, response: NextApiResponse) {
  const { handle } = await getOidcServer();
  await handle(request, response);
}
