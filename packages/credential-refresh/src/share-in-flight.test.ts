import { describe, expect, it } from "vitest";
import { CredentialRefreshError } from "./credential-refresh-error.ts";
import { shareInFlight } from "./share-in-flight.ts";

describe("shareInFlight", () => {
  it("callers asking for the same key while it runs share one call; a later caller starts a new one", async () => {
    const registry = new WeakMap<object, Map<string, Promise<number>>>();
    const owner = {};
    let calls = 0;
    let release = () => {};
    const run = () => {
      calls += 1;
      return new Promise<number>((resolve) => (release = () => resolve(calls)));
    };
    const first = shareInFlight(registry, owner, "cred-1", run);
    const second = shareInFlight(registry, owner, "cred-1", run);
    expect(second).toBe(first);
    expect(calls).toBe(1);
    release();
    expect(await first).toBe(1);
    const third = shareInFlight(registry, owner, "cred-1", run);
    expect(calls).toBe(2);
    release();
    expect(await third).toBe(2);
  });

  it("does not share across keys or owners, and forgets a call that failed", async () => {
    const registry = new WeakMap<object, Map<string, Promise<string>>>();
    const [one, two] = [{}, {}];
    let calls = 0;
    const run = async () => `call-${++calls}`;
    const a = shareInFlight(registry, one, "a", run);
    const b = shareInFlight(registry, one, "b", run);
    const c = shareInFlight(registry, two, "a", run);
    expect(await Promise.all([a, b, c])).toStrictEqual(["call-1", "call-2", "call-3"]);
    await expect(shareInFlight(registry, one, "x", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await shareInFlight(registry, one, "x", run)).toBe("call-4");
  });
});

describe("CredentialRefreshError", () => {
  it("is permanent unless told otherwise and names itself", () => {
    const permanent = new CredentialRefreshError("needs_reauth", "Grant revoked.");
    expect(permanent).toMatchObject({ name: "CredentialRefreshError", code: "needs_reauth", retryable: false });
    expect(permanent.retryAfterMs).toBeUndefined();
    const transient = new CredentialRefreshError("refresh_failed", "Down.", { retryable: true, retryAfterMs: 5000 });
    expect(transient).toMatchObject({ retryable: true, retryAfterMs: 5000, message: "Down." });
  });
});
