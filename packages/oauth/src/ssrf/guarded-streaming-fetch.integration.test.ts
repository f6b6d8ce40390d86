import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardedStreamingFetch } from "./guarded-streaming-fetch.ts";

let base: string;
const server = createServer((_request, response) => {
  response.writeHead(200, { "content-type": "text/event-stream" });
  response.write("data: one\n\n");
  setTimeout(() => response.end("data: two\n\n"), 50);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => void server.close());

describe("createGuardedStreamingFetch", () => {
  it("refuses private, link-local and plain-http destinations unless allowed", async () => {
    const strict = createGuardedStreamingFetch();
    await expect(strict("http://169.254.169.254/latest/meta-data")).rejects.toMatchObject({ code: "insecure_url" });
    const loose = createGuardedStreamingFetch({ allowInsecureHttp: true });
    await expect(loose("http://169.254.169.254/latest/meta-data")).rejects.toMatchObject({ code: "ssrf_blocked" });
    await expect(loose(`${base}/mcp`)).rejects.toMatchObject({ code: "ssrf_blocked" });
  });

  it("streams the body of an allowlisted destination", async () => {
    const allowed = createGuardedStreamingFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] });
    const response = await allowed(`${base}/mcp`, { method: "POST", body: "{}" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("data: one\n\ndata: two\n\n");
  });
});
