import { CredentialRefreshError, refreshCredential } from "@switchboard/credential-refresh";
import { UnrecoverableError } from "bullmq";
import type { RunnerContext } from "../lifecycle/runner-context.ts";
import { deliverRefreshedToken, type Delivery } from "./deliver-refreshed-token.ts";
import { scheduleCredentialRefresh } from "./schedule-credential-refresh.ts";

export type RefreshJobResult = "not_found" | "fresh" | `refreshed:${Delivery}`;

/**
 * The `credential.refresh` job: refresh if due (single flight with the gateway and other runners),
 * schedule the next refresh, then deliver the new token. Transient failures are rethrown for the
 * job's backoff (the error carries the provider's Retry-After); re-authorization and other
 * permanent failures end the job.
 */
export async function processCredentialRefresh(ctx: RunnerContext, credentialId: string): Promise<RefreshJobResult> {
  let outcome;
  try {
    outcome = await refreshCredential(ctx.prisma, ctx.secretBox, credentialId, {
      fetch: ctx.refresh.fetch,
      policy: ctx.refresh.policy,
    });
  } catch (error) {
    if (!(error instanceof CredentialRefreshError)) throw error;
    ctx.logger.warn({ credentialId, code: error.code, reason: error.message }, "credential refresh failed");
    if (error.code === "not_found") return "not_found";
    if (error.retryable) throw error;
    throw new UnrecoverableError(error.message);
  }
  const { credential, refreshed } = outcome;
  await scheduleCredentialRefresh(
    ctx.producer,
    {
      id: credential.id,
      version: credential.version,
      expiresAt: credential.expiresAt ?? null,
      issuedAt: credential.issuedAt ?? null,
      hasRefreshToken: credential.refreshToken !== undefined,
    },
    ctx.refresh.policy,
  );
  if (!refreshed) return "fresh";
  const delivery = await deliverRefreshedToken(ctx, credential.connectorId);
  ctx.logger.info(
    { credentialId, connectorId: credential.connectorId, version: credential.version, delivery },
    "credential refreshed",
  );
  return `refreshed:${delivery}`;
}
