import { describe, expect, it } from "vitest";
import { isDependencyUnavailable } from "./dependency-unavailable.ts";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("isDependencyUnavailable", () => {
  it("recognizes refused and reset sockets, Postgres shutting down, and Prisma's unreachable-database codes", () => {
    expect(isDependencyUnavailable(withCode("ECONNREFUSED"))).toBe(true);
    expect(isDependencyUnavailable(new AggregateError([withCode("ECONNREFUSED")]))).toBe(true);
    expect(isDependencyUnavailable(withCode("57P01", "terminating connection due to administrator command"))).toBe(
      true,
    );
    expect(isDependencyUnavailable(withCode("08006"))).toBe(true);
    expect(isDependencyUnavailable(withCode("P1001"))).toBe(true);
    expect(isDependencyUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDependencyUnavailable(new Error("query failed", { cause: withCode("ECONNRESET") }))).toBe(true);
  });

  it("leaves bugs and data errors alone", () => {
    expect(isDependencyUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDependencyUnavailable(withCode("23505", "duplicate key"))).toBe(false);
    expect(isDependencyUnavailable(withCode("P2025", "record not found"))).toBe(false);
    expect(isDependencyUnavailable("ECONNREFUSED")).toBe(false);
    expect(isDependencyUnavailable(undefined)).toBe(false);
  });
});
