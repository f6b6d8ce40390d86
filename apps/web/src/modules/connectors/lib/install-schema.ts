import { z } from "zod";

export const installInputSchema = z.object({
  slug: z.string().min(1).max(100),
  /** "personal", or the id of a team the user administers. */
  scope: z.union([z.literal("personal"), z.uuid({ error: "Choose who the connector is for." })]),
  settings: z.record(z.string(), z.string().max(8192)),
  returnTo: z.string().max(2000).optional(),
});

export type InstallInput = z.infer<typeof installInputSchema>;
