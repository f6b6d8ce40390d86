import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { limitPasswordSignIn } from "@/modules/auth/lib/limit-password-sign-in.ts";
import { RateLimitedError } from "@/server/errors.ts";
import { createWebRateLimits, webRateLimitNames, type WebRateLimitRules } from "@/server/rate-limit/web-rate-limits.ts";

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/9";
// Two web instances: separate Redis connections and limiter objects, one Redis.
const connections = [new Redis(redisUrl), new Redis(redisUrl)] as const;
afterAll(() => Promise.all(connections.map((redis) => redis.quit())));

const signInPage = "https://switchboard.example.test/sign-in";

function twoInstances(points: number) {
  const rules = Object.fromEntries(
    webRateLimitNames.map((name) => [name, { points, windowSeconds: 300 }]),
  ) as WebRateLimitRules;
  return connections.map((redis) => createWebRateLimits(redis, rules));
}

function signInRequest(email: string, address: string) {
  return new Request("https://switchboard.example.test/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address },
    body: new URLSearchParams({ email, password: "a wrong password", csrfToken: "x" }),
  });
}

describe("issue 12, finding 5: rate limits across web instances", () => {
  it("sign-in: a limited caller gets 429 with Retry-After, counted per e-mail across two instances", async () => {
    const [a, b] = twoInstances(3);
    const email = `${randomUUID()}@example.test`;
    const answers = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const instance = attempt % 2 === 0 ? a! : b!;
      // A different client address each time: only the per-e-mail budget can stop this.
      answers.push(
        await limitPasswordSignIn(signInRequest(email, `198.51.100.${attempt}`), instance.enforce, signInPage, 0),
      );
    }
    expect(answers.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    for (const response of answers.slice(3)) {
      expect(response?.status).toBe(429);
      expect(Number(response?.headers.get("retry-after"))).toBeGreaterThan(200);
      expect(await response?.json()).toMatchObject({ error: "rate_limited", url: `${signInPage}?error=RateLimited` });
    }
    // The request body is still readable for next-auth after the limiter looked at it.
    const request = signInRequest(`${randomUUID()}@example.test`, "198.51.100.99");
    expect(await limitPasswordSignIn(request, a!.enforce, signInPage, 0)).toBeUndefined();
    expect((await request.formData()).get("password")).toBe("a wrong password");
  });

  // next-auth reads a sign-in from JSON as well as from a form, and from a form the last value of a
  // repeated field (next-auth/next/utils.js getBody: `req.json()`, `Object.fromEntries(params)`).
  it.each([
    ["a JSON body", (email: string) => ({ type: "application/json", body: JSON.stringify({ email, password: "x" }) })],
    [
      "a form naming another e-mail first",
      (email: string) => ({
        type: "application/x-www-form-urlencoded",
        body: `email=${encodeURIComponent(`${randomUUID()}@example.test`)}&email=${encodeURIComponent(email)}&password=x`,
      }),
    ],
  ])("finding (medium): sign-in with %s is counted against the e-mail next-auth checks", async (_, bodyFor) => {
    const [a, b] = twoInstances(2);
    const email = `${randomUUID()}@example.test`;
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const { type, body } = bodyFor(` ${email.toUpperCase()} `);
      const request = new Request("https://switchboard.example.test/api/auth/callback/credentials", {
        method: "POST",
        // A fresh client address each time: only the per-e-mail budget can stop this.
        headers: { "content-type": type, "x-forwarded-for": `${randomUUID()}.example` },
        body,
      });
      const response = await limitPasswordSignIn(request, (attempt % 2 === 0 ? a! : b!).enforce, signInPage, 0);
      statuses.push(response?.status ?? 200);
      // next-auth still reads the body after the limiter did.
      expect(await request.text()).toBe(body);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("sign-in: counted per client address too, whatever the e-mail", async () => {
    const [a, b] = twoInstances(2);
    const address = `203.0.113.${Math.floor(Math.random() * 250)}, 10.0.0.1`;
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await limitPasswordSignIn(
        signInRequest(`${randomUUID()}@example.test`, address),
        (attempt % 2 === 0 ? a! : b!).enforce,
        signInPage,
        1,
      );
      statuses.push(response?.status ?? 200);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("follow-up: behind TRUSTED_PROXY_HOPS proxies the client is the entry they appended, not a forged one or the last proxy", async () => {
    const [a] = twoInstances(1);
    const attempt = (forwardedFor: string) =>
      limitPasswordSignIn(signInRequest(`${randomUUID()}@example.test`, forwardedFor), a!.enforce, signInPage, 2);
    // Address ranges no other test here uses: a random address drawn twice would share a budget.
    const client = `192.0.2.${Math.floor(Math.random() * 250)}`;
    // Two proxies (a CDN, then a load balancer at 10.0.0.9): the client is second from the right.
    expect((await attempt(`6.6.6.1, ${client}, 10.0.0.9`))?.status ?? 200).toBe(200);
    expect((await attempt(`6.6.6.2, ${client}, 10.0.0.9`))?.status).toBe(429);
    // Another client behind the same load balancer keeps its own budget.
    expect(
      (await attempt(`${randomUUID()}.example, 198.18.0.${Math.floor(Math.random() * 250)}, 10.0.0.9`))?.status ?? 200,
    ).toBe(200);
  });

  it.each(["signUp", "invitationAccept", "oauthStart", "oauthCallback", "tokenCreate"] as const)(
    "%s: the budget is shared by both instances and the refusal says when to retry",
    async (name) => {
      const [a, b] = twoInstances(2);
      const key = randomUUID();
      await a!.enforce(name, key);
      await b!.enforce(name, key);
      const refusal = await a!.enforce(name, key).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(RateLimitedError);
      expect(refusal).toMatchObject({
        code: "rate_limited",
        httpStatus: 429,
        message: "Too many attempts. Try again in 5 minutes.",
      });
      await expect(b!.enforce(name, key)).rejects.toBeInstanceOf(RateLimitedError);
    },
  );
});
