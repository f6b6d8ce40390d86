import { randomUUID } from "node:crypto";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { hashOpaqueToken } from "../tokens.ts";
import type { DbClient } from "./db-client.ts";

export interface AuthorizationFlowInput {
  userId: string;
  connectorId: string;
  /** Stored only as its SHA-256. */
  state: string;
  codeVerifier: string;
  /** Non-secret: issuer, endpoints, client reference, redirect URI, resource, scopes. */
  context: Prisma.InputJsonObject;
  returnTo: string | null;
  expiresAt: Date;
}

export interface ConsumedAuthorizationFlow {
  id: string;
  connectorId: string;
  codeVerifier: string;
  context: unknown;
  returnTo: string | null;
  createdAt: Date;
}

/** Why a callback's `state` is refused; `connectorId` is known for all but `unknown`. */
export type FlowRefusal =
  { reason: "unknown" } | { reason: "expired" | "consumed" | "wrong_user"; connectorId: string };

export type ConsumeFlowResult = { ok: true; flow: ConsumedAuthorizationFlow } | ({ ok: false } & FlowRefusal);

const location = (id: string) => ({ table: "AuthorizationFlow", column: "codeVerifierCiphertext", rowId: id });

export async function createAuthorizationFlow(prisma: DbClient, box: SecretBox, input: AuthorizationFlowInput) {
  const id = randomUUID();
  return prisma.authorizationFlow.create({
    data: {
      id,
      stateHash: hashOpaqueToken(input.state),
      userId: input.userId,
      connectorId: input.connectorId,
      codeVerifierCiphertext: box.seal(input.codeVerifier, location(id)),
      context: input.context,
      returnTo: input.returnTo,
      expiresAt: input.expiresAt,
    },
    select: { id: true },
  });
}

/**
 * Claims the flow a callback's `state` belongs to, once: the conditional UPDATE makes a second
 * (or concurrent) use of the same state fail. A flow of another user is refused and left
 * untouched, so a forged callback cannot burn the victim's flow.
 */
export async function consumeAuthorizationFlow(
  prisma: DbClient,
  box: SecretBox,
  input: { state: string; userId: string; now?: Date },
): Promise<ConsumeFlowResult> {
  const now = input.now ?? new Date();
  const row = await prisma.authorizationFlow.findUnique({ where: { stateHash: hashOpaqueToken(input.state) } });
  if (!row) return { ok: false, reason: "unknown" };
  const refuse = (reason: "expired" | "consumed" | "wrong_user") =>
    ({ ok: false, reason, connectorId: row.connectorId }) as const;
  if (row.userId !== input.userId) return refuse("wrong_user");
  if (row.consumedAt !== null) return refuse("consumed");
  if (row.expiresAt <= now) return refuse("expired");
  const claimed = await prisma.authorizationFlow.updateMany({
    where: { id: row.id, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  if (claimed.count !== 1) return refuse("consumed");
  return {
    ok: true,
    flow: {
      id: row.id,
      connectorId: row.connectorId,
      codeVerifier: box.open(row.codeVerifierCiphertext, location(row.id)),
      context: row.context,
      returnTo: row.returnTo,
      createdAt: row.createdAt,
    },
  };
}
