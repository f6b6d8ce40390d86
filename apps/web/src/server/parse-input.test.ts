import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "./errors.ts";
import { parseInput } from "./parse-input.ts";

describe("parseInput", () => {
  it("returns the parsed value", () => {
    expect(parseInput(z.object({ page: z.coerce.number() }), { page: "2" })).toEqual({ page: 2 });
  });

  it("throws invalid_input naming each bad field", () => {
    const parse = () =>
      parseInput(z.object({ page: z.coerce.number().int(), q: z.string().max(3) }), { page: "x", q: "long" });
    expect(parse).toThrow(AppError);
    expect(parse).toThrow(
      "Invalid request: page: Invalid input: expected number, received NaN; q: Too big: expected string to have <=3 characters",
    );
    try {
      parse();
    } catch (error) {
      expect(error).toMatchObject({
        code: "invalid_input",
        httpStatus: 400,
        fieldErrors: { page: expect.any(String), q: expect.any(String) },
      });
    }
  });
});
