import { z } from "zod";

const scalar = z.union([z.string().max(8192), z.number(), z.boolean()]);

/** Settings as an API caller sends them: JSON values, a list for a setting that takes several. */
export const apiSettingsSchema = z
  .record(
    z.string().max(200),
    z.union([
      scalar,
      z.array(scalar.refine((item) => !/[\r\n]/.test(String(item)), "a list item is one line")).max(100),
    ]),
  )
  .default({});

/**
 * The same settings as the install and settings forms post them (one string each, a list one value
 * per line), so both paths share one reading and one validation against the entry.
 */
export function toSettingsForm(settings: z.output<typeof apiSettingsSchema>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [key, Array.isArray(value) ? value.join("\n") : String(value)]),
  );
}
