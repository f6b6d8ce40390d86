import { z } from "zod";
import { parseEncryptionKeys } from "./crypto/keys.ts";

/** The one place the db package reads the environment; apps validate the rest in their env.ts. */
export function readDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const parsed = z
    .string({ error: "DATABASE_URL is required (postgresql://user:password@host:5432/db)." })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL.")
    .safeParse(env.DATABASE_URL);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "DATABASE_URL is invalid.");
  return parsed.data;
}

export function readEncryptionKeys(env: NodeJS.ProcessEnv = process.env) {
  return parseEncryptionKeys(env.SWITCHBOARD_ENCRYPTION_KEYS);
}
