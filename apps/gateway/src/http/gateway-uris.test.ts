import { describe, expect, it } from "vitest";
import { parseGatewayUri, toGatewayUri, toGatewayUriTemplate } from "./gateway-uris.ts";

describe("gateway URIs", () => {
  it("wrap an upstream URI under its connector prefix and unwrap it again", () => {
    const uri = toGatewayUri("notes", "memo://readme?lang=en#top");
    expect(uri).toBe("switchboard://notes/memo%3A%2F%2Freadme%3Flang%3Den%23top");
    expect(parseGatewayUri(uri)).toEqual({ prefix: "notes", uri: "memo://readme?lang=en#top" });
  });

  it("keep a template's expressions, so its expansion is the gateway URI of the upstream expansion", () => {
    const template = toGatewayUriTemplate("notes", "memo://notes/{id}{?lang}");
    expect(template).toBe("switchboard://notes/memo%3A%2F%2Fnotes%2F{id}{?lang}");
    // What a client makes of it with id=42, lang=en:
    expect(parseGatewayUri("switchboard://notes/memo%3A%2F%2Fnotes%2F42?lang=en")).toEqual({
      prefix: "notes",
      uri: "memo://notes/42?lang=en",
    });
    expect(parseGatewayUri(template)).toEqual({ prefix: "notes", uri: "memo://notes/{id}{?lang}" });
  });

  it("keep an MCP App view's ui:// scheme, which hosts require, and unwrap only views from it", () => {
    const uri = toGatewayUri("clock", "ui://clock/view.html");
    expect(uri).toBe("ui://clock/ui%3A%2F%2Fclock%2Fview.html");
    expect(parseGatewayUri(uri)).toEqual({ prefix: "clock", uri: "ui://clock/view.html" });
    expect(toGatewayUriTemplate("clock", "ui://clock/{view}")).toBe("ui://clock/ui%3A%2F%2Fclock%2F{view}");
    // A ui:// gateway URI wrapping anything but a view is not one the gateway wrote.
    expect(parseGatewayUri("ui://notes/memo%3A%2F%2Freadme")).toBeUndefined();
  });

  it("refuse anything else", () => {
    expect(parseGatewayUri("memo://readme")).toBeUndefined();
    expect(parseGatewayUri("switchboard://notes/%E0%A4%A")).toBeUndefined();
  });
});
