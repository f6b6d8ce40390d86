import type { GuardedFetch } from "../src/ssrf/guarded-fetch.ts";

export interface StubRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

/** A route's answer: a JSON document (200), or a function building any response. */
export type StubRoute = unknown;

/**
 * A `GuardedFetch` for unit tests, answering by exact URL: a function value is called for the
 * response, anything else is served as a 200 JSON document, and unknown URLs get 404. Every
 * request is recorded, in order.
 */
export function createStubFetch(routes: Record<string, StubRoute>, allowInsecureHttp = false) {
  const requests: StubRequest[] = [];
  const fetch = Object.assign(
    async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      requests.push({
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: await request.text(),
      });
      const route = routes[request.url];
      if (typeof route === "function") return (route as () => Response | Promise<Response>)();
      return request.url in routes ? Response.json(route) : new Response("not found", { status: 404 });
    },
    { allowInsecureHttp },
  ) satisfies GuardedFetch;
  return { fetch, requests, asked: () => requests.map((request) => request.url) };
}
