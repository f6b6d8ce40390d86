import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { probeGateway } from "@switchboard/gateway/testing";
import { expect } from "vitest";
import type { Browser, GatewayOAuthStack, TestOAuthClient } from "./gateway-oauth-stack.ts";

/**
 * An MCP client's steps against a gateway OAuth stack: authorize through the browser's consent,
 * then use the gateway with the tokens. `stack` is read when a step runs (it starts in beforeAll).
 */
export function createGatewayOAuthSteps(stack: () => GatewayOAuthStack, redirectUri: string) {
  /**
   * The SDK's `auth()` from the gateway URL alone up to the redirect, then the browser's sign-in and
   * consent; `scope` is what the client asks for instead of the SDK's choice.
   */
  async function authorize(
    client: TestOAuthClient,
    browser: Browser,
    fields: Record<string, string | string[]> = { access: "all" },
    scope?: string,
  ) {
    const { gatewayMcpUrl, webUrl } = stack();
    expect(await auth(client, { serverUrl: gatewayMcpUrl, ...(scope && { scope }) })).toBe("REDIRECT");
    const { interactionUrl, uid } = await browser.openAuthorization(client.authorizationUrl!);
    const first = await browser.request(interactionUrl);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`/oauth/consent/${uid}`);
    const decided = await browser.decide(interactionUrl, uid, { decision: "allow", ...fields });
    const query = await browser.followToClient(decided, redirectUri);
    expect(query.get("iss")).toBe(webUrl);
    const code = query.get("code");
    expect(code).toBeTruthy();
    expect(await auth(client, { serverUrl: gatewayMcpUrl, authorizationCode: code! })).toBe("AUTHORIZED");
  }

  async function connect(client: TestOAuthClient) {
    const mcp = new Client({ name: "oauth-test", version: "1.0.0" });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(stack().gatewayMcpUrl), { authProvider: client }));
    return mcp;
  }

  /** Calls each tool the client sees with "hi"; returns the answers (`<connector>:hi`). */
  async function callEveryTool(client: TestOAuthClient) {
    const mcp = await connect(client);
    try {
      const { tools } = await mcp.listTools();
      const answers = await Promise.all(
        tools.map(async (tool) => {
          const result = await mcp.callTool({ name: tool.name, arguments: { message: "hi" } });
          return (result.content as { text: string }[])[0]?.text;
        }),
      );
      return answers.sort();
    } finally {
      await mcp.close();
    }
  }

  const gatewayStatus = (accessToken: string) => probeGateway(stack().gatewayMcpUrl, accessToken);

  return { authorize, connect, callEveryTool, gatewayStatus };
}
