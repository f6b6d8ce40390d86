import { createHmac } from "node:crypto";
import type Docker from "dockerode";
import type { CredentialFile } from "./container-spec.ts";

/**
 * Fingerprint of exactly what the runtime sends to Docker's create call (env values and the
 * resolved image id included) plus the credential files' paths and modes, so any change to image,
 * command, env, files, limits or hardening recreates the container, while credential-file contents
 * (rewritten in place on token refresh) do not. Keyed (HMAC) because the
 * result is stored in a container label anyone with `docker inspect` can read, and env values can
 * be low-entropy secrets that a plain hash would let them brute-force.
 */
export function computeSpecHash(
  create: Docker.ContainerCreateOptions,
  files: readonly CredentialFile[],
  key: string,
): string {
  const fingerprint = { create, files: files.map(({ path, mode }) => ({ path, mode })) };
  return createHmac("sha256", key).update(stringifyCanonically(fingerprint)).digest("hex");
}

function stringifyCanonically(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested !== null && typeof nested === "object" && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)))
      : nested,
  );
}
