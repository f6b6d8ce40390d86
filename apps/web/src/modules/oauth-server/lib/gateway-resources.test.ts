import { describe, expect, it } from "vitest";
import { toGatewayAudience } from "./gateway-resources.ts";

const GATEWAY = "https://gateway.example.com/mcp";

describe("gateway resources (RFC 8707)", () => {
  it("are the gateway's endpoint and one connector's endpoint below it, without a trailing slash", () => {
    expect(toGatewayAudience(GATEWAY, GATEWAY)).toBe(GATEWAY);
    expect(toGatewayAudience(`${GATEWAY}/notes`, GATEWAY)).toBe(`${GATEWAY}/notes`);
    expect(toGatewayAudience(`${GATEWAY}/notes/`, GATEWAY)).toBe(`${GATEWAY}/notes`);
    expect(toGatewayAudience(`${GATEWAY}/0a1b2c3d-0000-4000-8000-000000000001`, GATEWAY)).toBe(
      `${GATEWAY}/0a1b2c3d-0000-4000-8000-000000000001`,
    );
  });

  it("are nothing else: another host, a deeper or dotted path, a query, an empty segment", () => {
    for (const resource of [
      "https://other.example.com/mcp/notes",
      `${GATEWAY}/notes/extra`,
      `${GATEWAY}/../admin`,
      `${GATEWAY}/notes?x=1`,
      `${GATEWAY}/`,
      `${GATEWAY}notes`,
      "not a url",
    ]) {
      expect(toGatewayAudience(resource, GATEWAY), resource).toBeUndefined();
    }
  });
});
