import { z } from "zod";
import { emailSchema } from "../../auth/lib/credentials-schema.ts";

export const teamNameSchema = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(60, "Use at most 60 characters.");
export const teamRoleSchema = z.enum(["OWNER", "ADMIN", "MEMBER"], { error: "Choose owner, admin or member." });
export const inviteSchema = z.object({ email: emailSchema, role: teamRoleSchema });
