import type { AddressInfo } from "node:net";
import { createTestPrisma, resetDatabase, seedUser } from "@switchboard/db/testing";
import { createOpaqueToken } from "@switchboard/db/tokens";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGatewayServer } from "./server.ts";

const prisma = createTestPrisma();
const server = createGatewayServer({ prisma, logger: pino({ level: "silent" }), publicUrl: "http://127.0.0.1/mcp" });
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await prisma.$disconnect();
});
beforeEach(() => resetDatabase(prisma));

async function createToken(overrides: { revokedAt?: Date; expiresAt?: Date } = {}) {
  const user = await seedUser(prisma);
  const { token, hash } = createOpaqueToken("sbg");
  await prisma.gatewayToken.create({
    data: { userId: user.id, name: "test", prefix: token.slice(0, 8), tokenHash: hash, ...overrides },
  });
  return token;
}

describe("gateway authentication", () => {
  it("answers unauthenticated requests with 401 and RFC 9728 resource metadata", async () => {
    const response = await fetch(`${base}/mcp`, { method: "POST" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource/mcp"',
    );
    const metadata = await (await fetch(`${base}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(metadata).toMatchObject({ resource: "http://127.0.0.1/mcp", bearer_methods_supported: ["header"] });
  });

  it("refuses unknown, revoked and expired tokens", async () => {
    const revoked = await createToken({ revokedAt: new Date() });
    const expired = await createToken({ expiresAt: new Date(Date.now() - 1000) });
    for (const token of ["sbg_unknown", revoked, expired]) {
      const response = await fetch(`${base}/mcp`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
  });

  it("accepts a valid token", async () => {
    const token = await createToken();
    const response = await fetch(`${base}/mcp`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(response.status).not.toBe(401);
  });

  it("serves health", async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok" });
  });
});
