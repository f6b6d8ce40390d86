import { z } from "zod";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { DbClient } from "./db-client.ts";

const location = (connectorId: string) => ({
  table: "Installation",
  column: "secretConfigCiphertext",
  rowId: connectorId,
});

const secretConfigSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]),
);

export type SecretConfig = z.infer<typeof secretConfigSchema>;

/** The ciphertext for a connector's secret settings; null when there are none. */
export function sealConnectorSecretConfig(box: SecretBox, connectorId: string, values: SecretConfig) {
  return Object.keys(values).length === 0 ? null : box.seal(JSON.stringify(values), location(connectorId));
}

/** The decrypted secret settings of a connector (empty when it has none). */
export async function readConnectorSecretConfig(
  prisma: DbClient,
  box: SecretBox,
  connectorId: string,
): Promise<SecretConfig> {
  const row = await prisma.connector.findUniqueOrThrow({
    where: { id: connectorId },
    select: { secretConfigCiphertext: true },
  });
  if (row.secretConfigCiphertext === null) return {};
  return secretConfigSchema.parse(JSON.parse(box.open(row.secretConfigCiphertext, location(connectorId))));
}
