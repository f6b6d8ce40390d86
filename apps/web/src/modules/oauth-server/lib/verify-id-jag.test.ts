import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGuardedFetch } from "@switchboard/oauth";
import { afterEach, describe, expect, it } from "vitest";
import { createIdJagVerifier, IdentityProviderUnavailable, IdJagRejected } from "./verify-id-jag.ts";

// The IdP's own failures are not the client's: they must not read as a bad assertion (invalid_grant).
let server: Server | undefined;

afterEach(() => {
  server?.close();
  server = undefined;
});

async function serveMetadata(issuerOf: (origin: string) => string, port = 0): Promise<string> {
  server = createServer((request, response) => {
    const origin = `http://${request.headers.host}`;
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ issuer: issuerOf(origin), jwks_uri: `${origin}/jwks` }));
  });
  await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function verifierFor(idpIssuer: string) {
  return createIdJagVerifier({
    idpIssuer,
    fetch: createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [new URL(idpIssuer).host] }),
    audience: "https://switchboard.example.com",
    resource: "https://gateway.example.com/mcp",
  });
}

describe("the company SSO's metadata", () => {
  it("naming another issuer is not trusted", async () => {
    const issuer = await serveMetadata(() => "https://attacker.example");
    const verify = verifierFor(issuer);
    await expect(verify("a.b.c")).rejects.toThrow(IdentityProviderUnavailable);
    await expect(verify("a.b.c")).rejects.toThrow("its metadata names another issuer (https://attacker.example)");
  });

  it("out of reach makes the IdP unavailable, and is asked again next time", async () => {
    const issuer = await serveMetadata((origin) => origin);
    await new Promise((resolve) => server!.close(resolve));
    const verify = verifierFor(issuer);
    await expect(verify("a.b.c")).rejects.toThrow("its metadata could not be read");
    // Back up: the metadata is read this time, and the (malformed) assertion itself is judged.
    await serveMetadata((origin) => origin, Number(new URL(issuer).port));
    await expect(verify("a.b.c")).rejects.toThrow(IdJagRejected);
  });
});
