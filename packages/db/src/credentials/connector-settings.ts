import { z } from "zod";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { DbClient } from "./db-client.ts";

const location = (connectorId: string) => ({
  table: "Installation",
  column: "secretConfigCiphertext",
  rowId: connectorId,
});

const settingValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A connector's settings as stored: the plain ones in its `config` column, the secret ones sealed. */
const connectorSettingsSchema = z.record(z.string(), z.union([settingValueSchema, z.array(settingValueSchema)]));

export type ConnectorSettings = z.infer<typeof connectorSettingsSchema>;

/** The plain settings of a connector row's `config` JSON, checked: it is the database's word, not a type's. */
export function readConnectorConfig(config: unknown): ConnectorSettings {
  return connectorSettingsSchema.parse(config);
}

/** The ciphertext for a connector's secret settings; null when there are none. */
export function sealConnectorSecretConfig(box: SecretBox, connectorId: string, values: ConnectorSettings) {
  return Object.keys(values).length === 0 ? null : box.seal(JSON.stringify(values), location(connectorId));
}

/** A connector's secret settings opened from the row's ciphertext (empty when it has none). */
export function openConnectorSecretConfig(
  box: SecretBox,
  connector: { id: string; secretConfigCiphertext: string | null },
): ConnectorSettings {
  if (connector.secretConfigCiphertext === null) return {};
  return connectorSettingsSchema.parse(JSON.parse(box.open(connector.secretConfigCiphertext, location(connector.id))));
}

/** The decrypted secret settings of a connector (empty when it has none). */
export async function readConnectorSecretConfig(
  prisma: DbClient,
  box: SecretBox,
  connectorId: string,
): Promise<ConnectorSettings> {
  const row = await prisma.connector.findUniqueOrThrow({
    where: { id: connectorId },
    select: { id: true, secretConfigCiphertext: true },
  });
  return openConnectorSecretConfig(box, row);
}
