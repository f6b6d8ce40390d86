import { z } from "zod";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { DbClient } from "./db-client.ts";

const location = (installationId: string) => ({
  table: "Installation",
  column: "secretConfigCiphertext",
  rowId: installationId,
});

const secretConfigSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]),
);

export type SecretConfig = z.infer<typeof secretConfigSchema>;

/** The ciphertext for an installation's secret settings; null when there are none. */
export function sealInstallationSecretConfig(box: SecretBox, installationId: string, values: SecretConfig) {
  return Object.keys(values).length === 0 ? null : box.seal(JSON.stringify(values), location(installationId));
}

/** The decrypted secret settings of an installation (empty when it has none). */
export async function readInstallationSecretConfig(
  prisma: DbClient,
  box: SecretBox,
  installationId: string,
): Promise<SecretConfig> {
  const row = await prisma.installation.findUniqueOrThrow({
    where: { id: installationId },
    select: { secretConfigCiphertext: true },
  });
  if (row.secretConfigCiphertext === null) return {};
  return secretConfigSchema.parse(JSON.parse(box.open(row.secretConfigCiphertext, location(installationId))));
}
