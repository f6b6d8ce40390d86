import { z } from "zod";

/**
 * An environment setting for one limit, written `<attempts>/<seconds>` (e.g. `10/300`: ten
 * attempts per five minutes); `0/<seconds>` is refused, since it would lock everyone out.
 */
export function rateLimitSetting(defaultValue: `${number}/${number}`) {
  return z
    .string()
    .default(defaultValue)
    .transform((value, context) => {
      const match = /^\s*(\d{1,7})\s*\/\s*(\d{1,7})\s*$/.exec(value);
      const points = Number(match?.[1]);
      const windowSeconds = Number(match?.[2]);
      if (!match || points < 1 || windowSeconds < 1) {
        context.addIssue({ code: "custom", message: `must be <attempts>/<seconds>, e.g. ${defaultValue}` });
        return z.NEVER;
      }
      return { points, windowSeconds };
    });
}
