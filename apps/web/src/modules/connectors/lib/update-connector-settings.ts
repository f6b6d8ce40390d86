import { isOAuth, validateUserConfig, type UserConfigValue } from "@switchboard/catalog";
import type { Connector, PrismaClient } from "@switchboard/db";
import { readConnectorConfig, readConnectorSecretConfig, sealConnectorSecretConfig } from "@switchboard/db/credentials";
import type { SecretBox } from "@switchboard/db/crypto";
import { z } from "zod";
import type { Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { getManagedConnector } from "./get-managed-connector.ts";
import { readSettingsForm, splitSecretSettings } from "./read-settings-form.ts";

const inputSchema = z.object({ connectorId: z.uuid(), settings: z.record(z.string(), z.string().max(8192)) });

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Changes a connector's settings (its owner's, or a team admin's for a team one), checked against
 * the entry revision it is pinned to, and restarts it with them if it should run. Returns the
 * names of the settings that changed; the audit records those names, never values.
 *
 * Secrets are never sent back to the browser, so a secret left empty keeps its stored value; but a
 * change of any other setting, secret or not, needs every secret typed again, so nobody can point a
 * colleague's key at an address of their own (an API base URL, say, or a secret endpoint URL)
 * without knowing it. OAuth connectors' settings are not changed here: their token was granted for
 * the settings it was signed in with.
 */
export async function updateConnectorSettings(
  prisma: PrismaClient,
  secretBox: SecretBox,
  actor: Actor,
  rawInput: unknown,
  restart: (connector: Connector) => Promise<void>,
): Promise<string[]> {
  const parsed = inputSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError("invalid_input", "Unknown connector or settings.");
  const connector = await getManagedConnector(prisma, actor, parsed.data.connectorId);
  const { entry } = connector;
  if (isOAuth(entry.auth)) {
    throw new AppError(
      "conflict",
      "The settings of a connector that signs in with OAuth cannot be changed: install it again.",
    );
  }
  const posted = readSettingsForm(entry, parsed.data.settings);
  const storedSecrets = await readConnectorSecretConfig(prisma, secretBox, connector.id);
  const stored: Record<string, unknown> = { ...readConnectorConfig(connector.config), ...storedSecrets };
  const kept = Object.fromEntries(Object.entries(storedSecrets).filter(([key]) => !Object.hasOwn(posted, key)));
  const validated = validateUserConfig(entry, { ...kept, ...posted });
  if (!validated.ok) throw new AppError("invalid_input", "Check the highlighted settings.", validated.fieldErrors);

  const changed = [...new Set([...Object.keys(stored), ...Object.keys(validated.values)])].filter(
    (key) => !sameValue(stored[key], validated.values[key]),
  );
  if (changed.length === 0) return [];
  const secretKeys = Object.keys(entry.userConfig).filter((key) => entry.userConfig[key]?.secret);
  // Any change, a secret's too (an endpoint carrying its token), may send the kept ones elsewhere.
  const retype = secretKeys.filter((key) => Object.hasOwn(kept, key));
  if (retype.length > 0) {
    const fieldErrors = Object.fromEntries(retype.map((key) => [key, "type it again to change the other settings"]));
    throw new AppError("invalid_input", "Changing these settings needs the secret ones typed again.", fieldErrors);
  }

  const { plain, secret } = splitSecretSettings<UserConfigValue>(entry, validated.values);
  const shouldRun = connector.desiredState === "RUNNING";
  const updated = await prisma.$transaction(async (tx) => {
    await tx.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: "installation.settings_changed",
        targetType: "installation",
        targetId: connector.id,
        teamId: connector.teamId,
        metadata: { catalogEntry: connector.catalogEntry.slug, settings: changed },
      },
    });
    return tx.connector.update({
      where: { id: connector.id },
      data: {
        config: plain,
        secretConfigCiphertext: sealConnectorSecretConfig(secretBox, connector.id, secret),
        ...(shouldRun && { status: "QUEUED", statusReason: null, restartCount: 0 }),
      },
    });
  });
  if (shouldRun) await restart(updated);
  return changed;
}
