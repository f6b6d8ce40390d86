import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGuardedFetch } from "@switchboard/oauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadImportUrl, toDocumentTextUrl } from "@/modules/admin-catalog/lib/load-import-url.ts";

const admin = { id: "00000000-0000-4000-8000-000000000001", isInstanceAdmin: true };
const member = { id: "00000000-0000-4000-8000-000000000002", isInstanceAdmin: false };
const document = JSON.stringify({ mcpServers: { tickets: { url: "https://tickets.example/mcp" } } });

let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/mcp.json") return void response.end(document);
    if (request.url === "/large.json") return void response.end("x".repeat(2_000_000));
    if (request.url === "/empty.json") return void response.end("  \n");
    response.statusCode = 404;
    response.end("not here");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const allowed = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"], maxResponseBytes: 1_000_000 }); // prettier-ignore

describe("loading a catalog document from its address", () => {
  it("reads the document's text for the preview", async () => {
    expect(await loadImportUrl(admin, ` ${origin}/mcp.json `, allowed)).toBe(document);
  });

  it("reads a GitHub file page's raw text", () => {
    const page = new URL("https://github.com/microsoft/playwright-mcp/blob/main/examples/mcp.json");
    expect(toDocumentTextUrl(page).href).toBe(
      "https://raw.githubusercontent.com/microsoft/playwright-mcp/main/examples/mcp.json",
    );
    const elsewhere = new URL("https://gitlab.com/a/b/blob/main/mcp.json");
    expect(toDocumentTextUrl(elsewhere)).toBe(elsewhere);
  });

  it("says what went wrong: no address, an answer that is not the document, too large, a private address", async () => {
    await expect(loadImportUrl(admin, "ftp://example.com/x.json", allowed)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("http(s) address") }); // prettier-ignore
    await expect(loadImportUrl(admin, `${origin}/gone.json`, allowed)).rejects.toMatchObject({ message: expect.stringContaining("HTTP 404") }); // prettier-ignore
    await expect(loadImportUrl(admin, `${origin}/empty.json`, allowed)).rejects.toMatchObject({ message: expect.stringContaining("empty") }); // prettier-ignore
    await expect(loadImportUrl(admin, `${origin}/large.json`, allowed)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("Could not load 127.0.0.1") }); // prettier-ignore
    const guarded = createGuardedFetch({ allowInsecureHttp: true });
    await expect(loadImportUrl(admin, `${origin}/mcp.json`, guarded)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("Could not load 127.0.0.1") }); // prettier-ignore
  });

  it("is for instance admins only", async () => {
    await expect(loadImportUrl(member, `${origin}/mcp.json`, allowed)).rejects.toMatchObject({ code: "forbidden" });
  });
});
