import type { IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHttpServer, type LocalHttpServer } from "../../test/local-http-server.ts";
import { createGuardedFetch, type GuardedFetchPolicy } from "./guarded-fetch.ts";

// Two loopback servers are two origins. `/hop/<n>` redirects n more times on the same origin,
// `/cross` redirects to the other origin; every request's headers are recorded.
const seen: { server: string; url: string; method: string; headers: IncomingHttpHeaders }[] = [];
let first: LocalHttpServer;
let second: LocalHttpServer;

async function startRecordingServer(name: string, other: () => LocalHttpServer) {
  return startLocalHttpServer((req, res) => {
    seen.push({ server: name, url: req.url ?? "", method: req.method ?? "", headers: req.headers });
    const hop = /^\/hop\/(\d+)$/.exec(req.url ?? "");
    if (hop && Number(hop[1]) > 0) {
      res.writeHead(302, { location: `/hop/${Number(hop[1]) - 1}` }).end();
    } else if (req.url === "/cross") {
      res.writeHead(307, { location: `${other().url}/landing` }).end();
    } else if (req.url === "/same") {
      res.writeHead(307, { location: "/landing" }).end();
    } else {
      res.writeHead(200, { "content-type": "text/plain" }).end(`${name}${req.url}`);
    }
  });
}

beforeAll(async () => {
  first = await startRecordingServer("first", () => second);
  second = await startRecordingServer("second", () => first);
});
afterAll(async () => {
  await first.close();
  await second.close();
});

function fetchWith(policy: GuardedFetchPolicy = {}) {
  return createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"], ...policy });
}

const credentials = { authorization: "Bearer secret-token", cookie: "session=secret-cookie" };

describe("createGuardedFetch redirects", () => {
  it("strips Authorization and Cookie when a redirect changes origin", async () => {
    seen.length = 0;
    const response = await fetchWith()(`${first.url}/cross`, { headers: credentials });
    expect(await response.text()).toBe("second/landing");
    const landing = seen.find((request) => request.server === "second");
    expect(landing?.headers.authorization).toBeUndefined();
    expect(landing?.headers.cookie).toBeUndefined();
    expect(seen[0]?.headers.authorization).toBe("Bearer secret-token");
  });

  it("keeps Authorization and Cookie on a same-origin redirect", async () => {
    seen.length = 0;
    const response = await fetchWith()(`${first.url}/same`, { method: "POST", body: "x=1", headers: credentials });
    expect(await response.text()).toBe("first/landing");
    expect(seen[1]).toMatchObject({
      method: "POST",
      headers: { authorization: "Bearer secret-token", cookie: "session=secret-cookie" },
    });
  });

  it("follows exactly maxRedirects redirects and refuses one more", async () => {
    const fetch = fetchWith({ maxRedirects: 2 });
    expect(await (await fetch(`${first.url}/hop/2`)).text()).toBe("first/hop/0");
    await expect(fetch(`${first.url}/hop/3`)).rejects.toMatchObject({ code: "too_many_redirects" });
    await expect(fetchWith()(`${first.url}/hop/4`)).rejects.toMatchObject({ code: "too_many_redirects" });
    expect(await (await fetchWith()(`${first.url}/hop/3`)).text()).toBe("first/hop/0");
  });

  it("refuses any redirect when the request says redirect: error, and returns it with redirect: manual", async () => {
    await expect(fetchWith()(`${first.url}/hop/1`, { redirect: "error" })).rejects.toMatchObject({
      code: "too_many_redirects",
    });
    const manual = await fetchWith()(`${first.url}/hop/1`, { redirect: "manual" });
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")).toBe("/hop/0");
  });

  it("turns a 302 after POST into a GET without body or content type", async () => {
    seen.length = 0;
    await fetchWith()(`${first.url}/hop/1`, {
      method: "POST",
      body: "x=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(seen[1]?.method).toBe("GET");
    expect(seen[1]?.headers["content-type"]).toBeUndefined();
    expect(seen[1]?.headers["content-length"]).toBeUndefined();
  });
});

describe("createGuardedFetch destinations", () => {
  it("refuses plain http unless allowed, and loopback unless allowlisted", async () => {
    await expect(createGuardedFetch()(`${first.url}/`)).rejects.toMatchObject({ code: "insecure_url" });
    await expect(createGuardedFetch({ allowInsecureHttp: true })(`${first.url}/`)).rejects.toMatchObject({
      code: "ssrf_blocked",
    });
    await expect(
      createGuardedFetch({ allowInsecureHttp: true })(`${first.url.replace("127.0.0.1", "localhost")}/`),
    ).rejects.toMatchObject({ code: "ssrf_blocked" });
  });
});
