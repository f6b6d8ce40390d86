import { hash, verify, type Options } from "@node-rs/argon2";

// Argon2id (algorithm 2; the package's enum is a const enum we cannot import) with OWASP's
// recommended minimum: 19 MiB, 2 passes, 1 lane.
const options: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Verified against when the user does not exist, so response times do not reveal accounts.
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? (await (decoyHash ??= hashPassword("switchboard-decoy"))), password);
  } catch {
    return false;
  }
}
