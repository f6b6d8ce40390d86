import { describe, expect, it } from "vitest";
import { createStubFetch } from "../../test/stub-fetch.ts";
import { OAuthError } from "../errors.ts";
import { discoverProtectedResource } from "./discover-protected-resource.ts";

const serverUrl = "https://mcp.example.com/tenant/mcp";
const pathInserted = "https://mcp.example.com/.well-known/oauth-protected-resource/tenant/mcp";
const atRoot = "https://mcp.example.com/.well-known/oauth-protected-resource";
const metadata = { resource: serverUrl, authorization_servers: ["https://auth.example.com"] };

describe("discoverProtectedResource", () => {
  it("tries the path-inserted well-known URL, then the root, asking for JSON", async () => {
    const { fetch, asked, requests } = createStubFetch({ [atRoot]: metadata });
    await expect(discoverProtectedResource(serverUrl, { fetch })).resolves.toStrictEqual(metadata);
    expect(asked()).toStrictEqual([pathInserted, atRoot]);
    expect(requests.map((request) => request.headers.get("accept"))).toStrictEqual([
      "application/json",
      "application/json",
    ]);
  });

  it("tries the challenge's resource_metadata URL first, and each URL once", async () => {
    const challenged = "https://mcp.example.com/meta/prm";
    const first = createStubFetch({ [challenged]: metadata });
    await discoverProtectedResource(serverUrl, { fetch: first.fetch, resourceMetadataUrl: challenged });
    expect(first.asked()).toStrictEqual([challenged]);

    const none = createStubFetch({});
    await discoverProtectedResource(serverUrl, { fetch: none.fetch, resourceMetadataUrl: pathInserted });
    expect(none.asked()).toStrictEqual([pathInserted, atRoot]);
  });

  it("returns undefined when no URL answers with success", async () => {
    const { fetch, asked } = createStubFetch({
      [pathInserted]: () => new Response("gone", { status: 410 }),
      [atRoot]: () => new Response("down", { status: 503 }),
    });
    await expect(discoverProtectedResource(serverUrl, { fetch })).resolves.toBeUndefined();
    expect(asked()).toStrictEqual([pathInserted, atRoot]);
  });

  it("refuses metadata naming another server as its resource", async () => {
    const { fetch } = createStubFetch({
      [pathInserted]: { ...metadata, resource: "https://mcp.example.com/other" },
      [atRoot]: metadata,
    });
    const error = await discoverProtectedResource(serverUrl, { fetch }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({
      code: "resource_mismatch",
      message: "The resource metadata of mcp.example.com names a different resource than the server's URL.",
    });
  });

  it("refuses malformed metadata naming the document and its fields", async () => {
    const { fetch } = createStubFetch({ [pathInserted]: { resource: "", authorization_servers: [] } });
    await expect(discoverProtectedResource(serverUrl, { fetch })).rejects.toMatchObject({
      code: "invalid_metadata",
      message: "The resource metadata at mcp.example.com is invalid (resource, authorization_servers).",
    });
  });
});
