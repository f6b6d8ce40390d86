import type * as Dns from "node:dns";
import type { LookupAddress } from "node:dns";
import { describe, expect, it, vi } from "vitest";
import { OAuthError } from "../errors.ts";
import { parseDestinationAllowlist } from "./destination-allowlist.ts";
import { assertAddressAllowed, createGuardedLookup } from "./guarded-lookup.ts";

// A stub resolver with fixed answers per host name; `broken.test` fails like a DNS outage.
const answers: Record<string, LookupAddress[]> = {
  "public.test": [
    { address: "93.184.216.34", family: 4 },
    { address: "2606:2800:220:1::1", family: 6 },
  ],
  "mixed.test": [
    { address: "93.184.216.34", family: 4 },
    { address: "10.0.0.7", family: 4 },
  ],
  "private.test": [{ address: "10.0.0.7", family: 4 }],
};
const outage = Object.assign(new Error("getaddrinfo EAI_AGAIN broken.test"), { code: "EAI_AGAIN" });
const asked: { hostname: string; options: unknown }[] = [];

vi.mock("node:dns", async (importOriginal) => {
  const dns = await importOriginal<typeof Dns>();
  const lookup = (hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
    asked.push({ hostname, options });
    if (hostname === "broken.test") callback(outage);
    else callback(null, answers[hostname] ?? []);
  };
  return { ...dns, default: { ...dns, lookup }, lookup };
});

const noAllowlist = parseDestinationAllowlist([]);

/** Runs the guarded lookup like a socket would and returns the callback's arguments. */
function lookUp(hostname: string, options: { all?: boolean; family?: number }, allowlist = noAllowlist) {
  const lookup = createGuardedLookup({ hostname, port: 443 }, allowlist);
  return new Promise<unknown[]>((resolve) => {
    lookup(hostname, options, (...args: unknown[]) => resolve(args));
  });
}

describe("assertAddressAllowed", () => {
  const destination = { hostname: "internal.test", port: 8443 };

  it("allows public addresses and allowlisted private ones", () => {
    expect(() => assertAddressAllowed("93.184.216.34", destination, noAllowlist)).not.toThrow();
    expect(() =>
      assertAddressAllowed("10.0.0.7", destination, parseDestinationAllowlist(["10.0.0.0/8"])),
    ).not.toThrow();
  });

  it("refuses private addresses, naming the host and the kind of address", () => {
    expect(() => assertAddressAllowed("169.254.169.254", destination, noAllowlist)).toThrow(
      new OAuthError(
        "ssrf_blocked",
        "Requests to internal.test are blocked: it points to a linkLocal address. " +
          "An administrator can add it to the allowed destinations.",
      ),
    );
    expect(() => assertAddressAllowed("10.0.0.7", destination, parseDestinationAllowlist(["10.0.0.7:443"]))).toThrow(
      OAuthError,
    );
  });
});

describe("createGuardedLookup", () => {
  it("hands every checked address to a socket asking for all of them", async () => {
    await expect(lookUp("public.test", { all: true })).resolves.toStrictEqual([null, answers["public.test"]]);
  });

  it("hands the first address to a socket asking for one", async () => {
    await expect(lookUp("public.test", { family: 4 })).resolves.toStrictEqual([null, "93.184.216.34", 4]);
    expect(asked.at(-1)).toMatchObject({ hostname: "public.test", options: { all: true, family: 4 } });
  });

  it("refuses the host when any of its addresses is private", async () => {
    for (const hostname of ["mixed.test", "private.test"]) {
      const [error, address, family] = await lookUp(hostname, { all: true });
      expect(error, hostname).toBeInstanceOf(OAuthError);
      expect(error).toMatchObject({ code: "ssrf_blocked", message: expect.stringContaining(hostname) });
      expect([address, family]).toStrictEqual(["", 0]);
    }
  });

  it("lets an allowlisted network through", async () => {
    const allowlist = parseDestinationAllowlist(["10.0.0.0/8"]);
    await expect(lookUp("private.test", {}, allowlist)).resolves.toStrictEqual([null, "10.0.0.7", 4]);
  });

  it("passes resolver failures on unchanged", async () => {
    await expect(lookUp("broken.test", { all: true })).resolves.toStrictEqual([outage, "", 0]);
  });
});
