import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@switchboard/db";
import type Provider from "oidc-provider";
import { errors as oidcErrors, type ClientMetadata } from "oidc-provider";
import { z } from "zod";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { fieldErrorsOf } from "../../auth/lib/credentials-schema.ts";
import { registerProviderClient } from "./register-provider-client.ts";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const redirectUriSchema = z
  .string()
  .max(2000, "Use at most 2000 characters per redirect URI.")
  .superRefine((value, ctx) => {
    const problem = findRedirectUriProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** The redirect URIs the gateway's clients may use: exact, https or loopback http, no fragment. */
function findRedirectUriProblem(value: string): string | null {
  const url = URL.parse(value);
  if (!url) return `“${value}” is not an absolute URL.`;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
    return "Redirect URIs must be https (or http on a loopback address).";
  }
  if (value.includes("#")) return "Redirect URIs cannot contain a fragment (#).";
  return null;
}

export const preRegisterClientInputSchema = z.object({
  name: z.string().trim().min(1, "Name the app, e.g. “Company Desktop”.").max(80, "Use at most 80 characters."),
  /** One per line in the form. */
  redirectUris: z
    .string()
    .transform((text) =>
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(redirectUriSchema).min(1, "Give at least one redirect URI.").max(10, "Give at most 10 redirect URIs."),
    ),
  /** A confidential client authenticates at the token endpoint with a secret (shown once). */
  confidential: z.boolean().default(false),
  /** Only this team's connectors may be given to the client; empty: whatever the user chooses. */
  teamId: z
    .union([z.literal(""), z.uuid("Unknown team.")])
    .optional()
    .transform((value) => value || null),
});

export interface PreRegisteredClientCredentials {
  id: string;
  clientId: string;
  /** Only for confidential clients, returned this once; the provider keeps it encrypted. */
  clientSecret: string | null;
}

/**
 * Registers an OAuth client for the gateway on an admin's behalf, so a client that can neither
 * serve a metadata document nor register itself can sign in. Its id (and secret) are generated here.
 */
export async function preRegisterClient(
  prisma: PrismaClient,
  provider: Provider,
  actor: Actor,
  input: unknown,
): Promise<PreRegisteredClientCredentials> {
  requireInstanceAdmin(actor);
  const parsed = preRegisterClientInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Please correct the marked fields.", fieldErrorsOf(parsed.error));
  }
  const { name, redirectUris, confidential, teamId } = parsed.data;
  if (teamId && !(await prisma.team.findUnique({ where: { id: teamId }, select: { id: true } }))) {
    throw new AppError("invalid_input", "Please correct the marked fields.", { teamId: "Unknown team." });
  }
  const clientId = `sbc_${randomBytes(16).toString("base64url")}`;
  const clientSecret = confidential ? randomBytes(32).toString("base64url") : null;
  const metadata: ClientMetadata = {
    client_id: clientId,
    client_name: name,
    redirect_uris: redirectUris,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: clientSecret ? "client_secret_basic" : "none",
    ...(clientSecret ? { client_secret: clientSecret } : {}),
  };
  try {
    const created = await prisma.$transaction(async (tx) => {
      const row = await tx.oAuthPreRegisteredClient.create({
        data: { clientId, name, redirectUris, confidential, teamId, createdByUserId: actor.id },
      });
      await tx.auditEvent.create({
        data: {
          actorUserId: actor.id,
          action: "oauth_client.pre_registered",
          targetType: "oauth_client",
          targetId: row.id,
          metadata: { clientId, name, redirectUris, confidential, teamId },
        },
      });
      // Last, so a registration the provider refuses leaves no row behind.
      await registerProviderClient(provider, metadata);
      return row;
    });
    return { id: created.id, clientId, clientSecret };
  } catch (error) {
    if (error instanceof oidcErrors.InvalidClientMetadata || error instanceof oidcErrors.InvalidRedirectUri) {
      throw new AppError("invalid_input", "Please correct the marked fields.", {
        redirectUris: error.error_description ?? error.message,
      });
    }
    throw error;
  }
}

/** The clients admins registered, newest first, with the team each is limited to. */
export function listPreRegisteredClients(prisma: PrismaClient) {
  return prisma.oAuthPreRegisteredClient.findMany({
    select: {
      id: true,
      clientId: true,
      name: true,
      redirectUris: true,
      confidential: true,
      createdAt: true,
      team: { select: { name: true } },
      createdBy: { select: { email: true } },
    },
    orderBy: { createdAt: "desc" },
  });
}

/** The teams an admin may limit a client to: every team on the instance. */
export function listClientRestrictionTeams(prisma: PrismaClient) {
  return prisma.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}
