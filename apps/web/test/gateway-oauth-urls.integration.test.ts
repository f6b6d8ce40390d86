import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { createTestPrisma, resetDatabase, seedUser } from "@switchboard/db/testing";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startGatewayOAuthStack, TestOAuthClient } from "./support/gateway-oauth-stack.ts";

const prisma = createTestPrisma();
let stack: Awaited<ReturnType<typeof startGatewayOAuthStack>>;
const REDIRECT_URI = "http://127.0.0.1:9/callback";

beforeAll(async () => {
  await resetDatabase(prisma);
  stack = await startGatewayOAuthStack(prisma, { trailingSlashIssuer: true, bareOriginGateway: true });
});

afterAll(async () => {
  await stack?.close();
  await prisma.$disconnect();
});

it("issuer and audience agree between web and gateway when the issuer has a trailing slash and the gateway URL is a bare origin", async () => {
  const user = await seedUser(prisma);
  const client = new TestOAuthClient(REDIRECT_URI);
  const browser = await stack.signedInBrowser(user.id);
  expect(await auth(client, { serverUrl: stack.gatewayMcpUrl })).toBe("REDIRECT");
  const { interactionUrl, uid } = await browser.openAuthorization(client.authorizationUrl!);
  await browser.request(interactionUrl);
  const decided = await browser.decide(interactionUrl, uid, { decision: "allow", access: "all" });
  const code = (await browser.followToClient(decided, REDIRECT_URI)).get("code");
  expect(await auth(client, { serverUrl: stack.gatewayMcpUrl, authorizationCode: code! })).toBe("AUTHORIZED");

  const accessToken = (await client.tokens())!.access_token;
  expect(decodeJwt(accessToken)).toMatchObject({ iss: stack.webUrl, aud: `${stack.gatewayMcpUrl}/` });
  const response = await fetch(stack.gatewayMcpUrl, {
    method: "POST",
    headers: {
      authorization: `Bearer ${accessToken}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "probe", version: "1" } },
    }),
  });
  expect(response.status).toBe(200);
});
