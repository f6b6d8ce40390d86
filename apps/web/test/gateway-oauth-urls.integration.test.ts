import { createTestPrisma, seedUser } from "@switchboard/db/testing";
import { decodeJwt } from "jose";
import { expect, it } from "vitest";
import { setUpGatewayOAuthStack, TestOAuthClient } from "./support/gateway-oauth-stack.ts";
import { createGatewayOAuthSteps } from "./support/gateway-oauth-steps.ts";

const prisma = createTestPrisma();
const stack = setUpGatewayOAuthStack(prisma, { trailingSlashIssuer: true, bareOriginGateway: true });
const REDIRECT_URI = "http://127.0.0.1:9/callback";
const { authorize, gatewayStatus } = createGatewayOAuthSteps(stack, REDIRECT_URI);

it("issuer and audience agree between web and gateway when the issuer has a trailing slash and the gateway URL is a bare origin", async () => {
  const user = await seedUser(prisma);
  const client = new TestOAuthClient(REDIRECT_URI);
  await authorize(client, await stack().signedInBrowser(user.id));

  const accessToken = client.tokens()!.access_token;
  expect(decodeJwt(accessToken)).toMatchObject({ iss: stack().webUrl, aud: `${stack().gatewayMcpUrl}/` });
  expect(await gatewayStatus(accessToken)).toBe(200);
});
