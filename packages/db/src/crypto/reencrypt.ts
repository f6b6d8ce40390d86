import type { PrismaClient } from "../client.ts";
import type { SecretBox } from "./secret-box.ts";
import { secretColumns } from "./secret-columns.ts";

export interface ReencryptionReport {
  scanned: number;
  reencrypted: number;
}

/**
 * Re-seals every secret value not sealed with the primary key. Each update is conditional on the
 * old ciphertext, so a value rewritten concurrently (say, by a token refresh) is left alone: it
 * was sealed with the primary key anyway.
 */
export async function reencryptSecrets(
  prisma: PrismaClient,
  box: SecretBox,
  batchSize = 500,
): Promise<ReencryptionReport> {
  const report: ReencryptionReport = { scanned: 0, reencrypted: 0 };
  for (const { table, column } of secretColumns) {
    let afterId = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = await prisma.$queryRawUnsafe<{ id: string; value: string }[]>(
        `SELECT id::text AS id, "${column}" AS value FROM "${table}" WHERE "${column}" IS NOT NULL AND id > $1::uuid ORDER BY id LIMIT $2`,
        afterId,
        batchSize,
      );
      for (const row of rows) {
        report.scanned += 1;
        if (box.keyIdOf(row.value) === box.primaryKeyId) continue;
        const location = { table, column, rowId: row.id };
        const resealed = box.seal(box.open(row.value, location), location);
        report.reencrypted += await prisma.$executeRawUnsafe(
          `UPDATE "${table}" SET "${column}" = $1 WHERE id = $2::uuid AND "${column}" = $3`,
          resealed,
          row.id,
          row.value,
        );
      }
      const last = rows.at(-1);
      if (!last) break;
      afterId = last.id;
    }
  }
  return report;
}
