import "server-only";
import type { z } from "zod";
import type { ActionResult } from "./action-result.ts";
import { AppError } from "./errors.ts";
import { parseInput } from "./parse-input.ts";

type ActionFailure = Extract<ActionResult, { ok: false }>;

/**
 * A server action whose arguments are parsed by `args` (one schema per positional argument) before
 * its body runs. Server actions are public endpoints: anything can arrive, whatever the types say.
 */
export function validatedAction<Args extends z.ZodTuple, Result>(
  args: Args,
  body: (...input: z.output<Args>) => Promise<Result>,
): (...input: z.input<Args>) => Promise<Result | ActionFailure> {
  return async (...input) => {
    let parsed: z.output<Args>;
    try {
      parsed = parseInput(args, input);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    }
    return body(...parsed);
  };
}
