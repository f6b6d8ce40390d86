import { describe, expect, it } from "vitest";
import { createStubFetch } from "../../test/stub-fetch.ts";
import { probeAuthChallenge } from "./probe-auth-challenge.ts";

const serverUrl = "https://mcp.example.com/mcp";

function answering(response: () => Response) {
  return createStubFetch({ [serverUrl]: response });
}

describe("probeAuthChallenge", () => {
  it("sends an unauthenticated MCP initialize request", async () => {
    const { fetch, requests } = answering(() => new Response(null, { status: 401 }));
    await probeAuthChallenge(serverUrl, { fetch });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("accept")).toBe("application/json, text/event-stream");
    expect(request?.headers.has("authorization")).toBe(false);
    expect(JSON.parse(request?.body ?? "")).toStrictEqual({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "switchboard", version: "1" } },
    });
  });

  it("returns the Bearer challenge's parameters from a 401", async () => {
    const { fetch } = answering(
      () =>
        new Response(null, {
          status: 401,
          headers: {
            "www-authenticate": 'Bearer resource_metadata="https://mcp.example.com/prm", scope="files:read"',
          },
        }),
    );
    await expect(probeAuthChallenge(serverUrl, { fetch })).resolves.toStrictEqual({
      resourceMetadata: "https://mcp.example.com/prm",
      scope: "files:read",
    });
  });

  it("returns an empty challenge for a 401 without Bearer parameters", async () => {
    for (const headers of [{}, { "www-authenticate": 'Basic realm="mcp"' }]) {
      const { fetch } = answering(() => new Response(null, { status: 401, headers }));
      await expect(probeAuthChallenge(serverUrl, { fetch })).resolves.toStrictEqual({});
    }
  });

  it("returns undefined when the server does not answer 401", async () => {
    for (const status of [200, 403, 404, 500]) {
      const { fetch } = answering(
        () => new Response(null, { status, headers: { "www-authenticate": 'Bearer scope="files:read"' } }),
      );
      await expect(probeAuthChallenge(serverUrl, { fetch }), String(status)).resolves.toBeUndefined();
    }
  });
});
