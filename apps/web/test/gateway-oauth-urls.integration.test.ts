import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { probeGateway } from "@switchboard/gateway/testing";
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
  expect(await probeGateway(stack.gatewayMcpUrl, accessToken)).toBe(200);
});
