import { isOAuth, readCatalogEntry, type OAuthAuth } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import { saveProviderClient, type ProviderClientOwner } from "@switchboard/db/credentials";
import { z } from "zod";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { findConfiguredIssuer } from "./configured-issuer.ts";
import { CLIENT_AUTH_KINDS, toTargetKey } from "./provider-target.ts";

// Protocol parameters (state, scope, ...) are refused by the OAuth engine's beginAuthorization,
// the one place that knows them; here only the line format is checked.
const authorizationParamsSchema = z
  .string()
  .max(4000)
  .transform((text, ctx) => {
    const params: Record<string, string> = {};
    for (const line of text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)) {
      const match = /^([A-Za-z0-9_.-]{1,64})=(.{0,1000})$/.exec(line);
      if (!match?.[1]) {
        ctx.addIssue({ code: "custom", message: "Expected one name=value per line." });
        return z.NEVER;
      }
      params[match[1]] = match[2] ?? "";
    }
    return params;
  });

function isSecureUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return protocol === "https:" || (protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(hostname));
}

export const providerClientInputSchema = z.object({
  target: z.string().regex(/^(entry|provider):[a-z0-9][a-z0-9._-]*$/, "Unknown provider."),
  clientId: z.string().trim().min(1, "Required.").max(500),
  /** Empty takes the issuer the entry names; required where only discovery would find it. */
  issuer: z
    .string()
    .trim()
    .max(2000)
    .refine((value) => value === "" || isSecureUrl(value), "Expected an https URL (http only for localhost).")
    .default(""),
  /** Empty keeps the stored secret: the form never shows it. */
  clientSecret: z.string().max(4000).default(""),
  removeSecret: z.boolean().default(false),
  tokenEndpointAuthMethod: z.enum(["client_secret_basic", "client_secret_post", "none"]),
  authorizationParams: authorizationParamsSchema.prefault(""),
  allowedScopes: z
    .string()
    .max(4000)
    .transform((text) => [...new Set(text.split(/[\s,]+/).filter(Boolean))])
    .prefault(""),
});

/** Creates or updates the OAuth client of an entry or provider. Audited; the secret is write-only. */
export async function saveProviderClientSettings(
  prisma: PrismaClient,
  box: SecretBox,
  actor: Actor,
  rawInput: unknown,
) {
  requireInstanceAdmin(actor);
  const parsed = providerClientInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    throw new AppError("invalid_input", "Check the highlighted fields.", fieldErrors);
  }
  const input = parsed.data;
  const { owner, auth } = await findOwner(prisma, input.target);
  const issuer = input.issuer || findConfiguredIssuer(auth);
  if (!issuer) {
    throw new AppError("invalid_input", "Check the highlighted fields.", {
      issuer:
        "Required: this entry finds its authorization server from the server URL, so name the issuer the client was registered with.",
    });
  }
  const secret = input.removeSecret ? null : input.clientSecret === "" ? undefined : input.clientSecret;
  const saved = await prisma.$transaction(async (tx) => {
    await assertSecretStaysWithIssuer(tx, owner, issuer, secret);
    const row = await saveProviderClient(
      tx,
      box,
      owner,
      {
        clientId: input.clientId,
        issuer,
        tokenEndpointAuthMethod: input.tokenEndpointAuthMethod,
        authorizationParams: input.authorizationParams,
        allowedScopes: input.allowedScopes,
      },
      secret,
    );
    await tx.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: "provider_client.saved",
        targetType: "provider_client",
        targetId: row.id,
        metadata: {
          target: input.target,
          clientId: input.clientId,
          issuer,
          tokenEndpointAuthMethod: input.tokenEndpointAuthMethod,
          authorizationParamNames: Object.keys(input.authorizationParams),
          allowedScopes: input.allowedScopes,
          secret: secret === undefined ? "unchanged" : secret === null ? "removed" : "replaced",
        },
      },
    });
    return row;
  });
  return saved;
}

/**
 * A kept secret goes only to the authorization server it was saved for: naming another issuer
 * takes typing the secret again, or an admin (or a stolen admin session) could have the stored
 * secret sent to a server of their own at the next authorization, though no one can read it back.
 */
async function assertSecretStaysWithIssuer(
  tx: Pick<PrismaClient, "providerClient">,
  owner: ProviderClientOwner,
  issuer: string,
  secret: string | null | undefined,
) {
  if (secret !== undefined) return;
  const stored = await tx.providerClient.findFirst({
    where: owner,
    select: { issuer: true, clientSecretCiphertext: true },
  });
  if (!stored?.clientSecretCiphertext || stored.issuer === issuer) return;
  throw new AppError("invalid_input", "Check the highlighted fields.", {
    clientSecret: `Enter the client secret again: the one saved was for ${stored.issuer ?? "an issuer not recorded"}, and it is not sent to another authorization server.`,
  });
}

async function findOwner(
  prisma: PrismaClient,
  target: string,
): Promise<{ owner: ProviderClientOwner; auth: OAuthAuth }> {
  const rows = await prisma.catalogEntry.findMany({
    where: { authKind: { in: [...CLIENT_AUTH_KINDS] } },
    select: { id: true, slug: true, entry: true },
  });
  const row = rows.find((candidate) => toTargetKey(readCatalogEntry(candidate)) === target);
  const auth = row && readCatalogEntry(row).auth;
  if (!row || !auth || !isOAuth(auth)) throw new AppError("not_found", "No OAuth catalog entry uses this provider.");
  const owner = target.startsWith("provider:")
    ? { providerKey: target.slice("provider:".length) }
    : { catalogEntryId: row.id };
  return { owner, auth };
}
