import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHttpServer, type LocalHttpServer } from "../../test/local-http-server.ts";
import { createGuardedFetch, type GuardedFetchPolicy } from "./guarded-fetch.ts";

// Two loopback servers are two origins. `/hop/<n>` redirects n more times on the same origin,
// `/cross` redirects to the other origin, `/status/<code>` redirects with that status to
// `/landing`; every request's headers and body are recorded.
const seen: { server: string; url: string; method: string; headers: IncomingHttpHeaders; body: string }[] = [];
let first: LocalHttpServer;
let second: LocalHttpServer;

async function startRecordingServer(name: string, other: () => LocalHttpServer) {
  return startLocalHttpServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += String(chunk)));
    req.on("end", () => respond(req, res, body));
  });

  function respond(req: IncomingMessage, res: ServerResponse, body: string) {
    seen.push({ server: name, url: req.url ?? "", method: req.method ?? "", headers: req.headers, body });
    const hop = /^\/hop\/(\d+)$/.exec(req.url ?? "");
    const status = /^\/status\/(\d+)$/.exec(req.url ?? "");
    if (status) {
      res.writeHead(Number(status[1]), { location: "/landing" }).end();
    } else if (hop && Number(hop[1]) > 0) {
      res.writeHead(302, { location: `/hop/${Number(hop[1]) - 1}` }).end();
    } else if (req.url === "/cross") {
      res.writeHead(307, { location: `${other().url}/landing` }).end();
    } else if (req.url === "/same") {
      res.writeHead(307, { location: "/landing" }).end();
    } else {
      res.writeHead(200, { "content-type": "text/plain" }).end(`${name}${req.url}`);
    }
  }
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
    await expect(fetch(`${first.url}/hop/3`)).rejects.toMatchObject({
      code: "too_many_redirects",
      message: "127.0.0.1 redirected more often than allowed.",
    });
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

describe("createGuardedFetch redirect methods", () => {
  async function landingAfter(status: number, method: string) {
    seen.length = 0;
    await fetchWith()(`${first.url}/status/${status}`, {
      method,
      ...(method === "HEAD" || method === "GET" ? {} : { body: "x=1" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const landing = seen[1];
    return { method: landing?.method, body: landing?.body, contentType: landing?.headers["content-type"] };
  }

  it("turns 303 into a GET without body, except after HEAD", async () => {
    expect(await landingAfter(303, "POST")).toStrictEqual({ method: "GET", body: "", contentType: undefined });
    expect(await landingAfter(303, "PUT")).toStrictEqual({ method: "GET", body: "", contentType: undefined });
    expect((await landingAfter(303, "HEAD")).method).toBe("HEAD");
  });

  it("turns 301 and 302 into a GET after POST only", async () => {
    expect(await landingAfter(301, "POST")).toStrictEqual({ method: "GET", body: "", contentType: undefined });
    const kept = { body: "x=1", contentType: "application/x-www-form-urlencoded" };
    expect(await landingAfter(302, "PUT")).toStrictEqual({ method: "PUT", ...kept });
    expect(await landingAfter(301, "DELETE")).toStrictEqual({ method: "DELETE", ...kept });
    expect(await landingAfter(308, "POST")).toStrictEqual({ method: "POST", ...kept });
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
