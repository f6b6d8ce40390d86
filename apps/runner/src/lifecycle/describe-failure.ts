import { CatalogIssueError } from "@switchboard/catalog";
import { SecretDecryptionError } from "@switchboard/db/crypto";
import { UnrecoverableError } from "bullmq";
import { ZodError } from "zod";
import { redactSecrets } from "../runtime/redact-secrets.ts";

const MAX_REASON_LENGTH = 1000;

/** A status reason safe to show users: known secret values are cut out, and it stays short. */
export function describeFailure(error: unknown, secrets: readonly string[]): string {
  const reason = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH)}…` : reason;
}

/** Failures retrying cannot fix (bad settings, an invalid stored entry, an undecryptable secret) end the job. */
export function isPermanentFailure(error: unknown): boolean {
  return (
    error instanceof UnrecoverableError ||
    error instanceof CatalogIssueError ||
    error instanceof SecretDecryptionError ||
    error instanceof ZodError ||
    error instanceof SyntaxError
  );
}
