import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestPrisma, seedUser } from "@switchboard/db/testing";
import { expect, it } from "vitest";
import { preRegisterClient } from "./support/pre-register-client.ts";
import { freePort, setUpGatewayOAuthStack } from "./support/gateway-oauth-stack.ts";

// The 0.2 pre-release: the first with `conformance authorization` (scenarios that test an
// authorization server). Its authorization-code-grant scenario prints the authorization URL for a
// person to open; here the browser is the test's, signed in as a user who allows the request.
const conformanceCli = createRequire(import.meta.url).resolve("@modelcontextprotocol/conformance/dist/index.js");

const prisma = createTestPrisma();
const stack = setUpGatewayOAuthStack(prisma);

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

it("passes the conformance suite's authorization-server scenarios against Switchboard's issuer", async () => {
  const port = await freePort();
  const callback = `http://127.0.0.1:${port}/callback`;
  await preRegisterClient(stack().provider, {
    client_id: "conformance-suite",
    client_name: "MCP conformance suite",
    redirect_uris: [callback],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  });
  const browser = await stack().signedInBrowser((await seedUser(prisma)).id);
  const output = await mkdtemp(join(tmpdir(), "sb-as-conformance-"));
  try {
    const child = spawn(
      process.execPath,
      [
        conformanceCli,
        "authorization",
        "--url",
        stack().webUrl,
        "--client-id",
        "conformance-suite",
        "--resource",
        stack().gatewayMcpUrl,
        "--port",
        String(port),
        "--output-dir",
        output,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    const approvals: Promise<void>[] = [];
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      log += chunk;
      for (const url of chunk.match(/^http\S+\/api\/oidc\/auth\?\S+$/gm) ?? []) {
        approvals.push(
          (async () => {
            const { interactionUrl, uid } = await browser.openAuthorization(new URL(url));
            await browser.request(interactionUrl);
            const decided = await browser.decide(interactionUrl, uid, { decision: "allow", access: "all" });
            const query = await browser.followToClient(decided, callback);
            await (await fetch(`${callback}?${query}`)).text();
          })(),
        );
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
    const exitCode = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    await Promise.all(approvals);

    const checks: Check[] = [];
    for (const entry of await readdir(output, { recursive: true })) {
      if (!entry.endsWith("checks.json")) continue;
      checks.push(...(JSON.parse(await readFile(join(output, entry), "utf8")) as Check[]));
    }
    expect(
      checks.filter((check) => check.status === "FAILURE"),
      log,
    ).toEqual([]);
    expect(checks.map((check) => check.id).sort(), log).toEqual(
      expect.arrayContaining(["authorization-code-grant", "authorization-server-metadata"]),
    );
    expect(approvals.length, log).toBeGreaterThan(0);
    expect(exitCode, log).toBe(0);
  } finally {
    await rm(output, { recursive: true, force: true });
  }
});
