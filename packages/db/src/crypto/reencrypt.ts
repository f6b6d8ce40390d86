import type { PrismaClient } from "../client.ts";
import type { SecretBox } from "./secret-box.ts";
import { secretColumns, type SecretColumn } from "./secret-columns.ts";

export interface ReencryptionReport {
  scanned: number;
  reencrypted: number;
}

type Row = Record<string, string> & { value: string };

/** SQL for one secret column: a page of rows after a key, and a conditional update of one row. */
function buildQueries({ table, column, key }: SecretColumn) {
  const keyList = key.map((k) => `"${k.name}"`).join(", ");
  const keyParams = (from: number) => key.map((k, i) => `$${from + i}::${k.type}`).join(", ");
  const select = `SELECT ${key.map((k) => `"${k.name}"::text AS "${k.name}"`).join(", ")}, "${column}" AS value FROM "${table}" WHERE "${column}" IS NOT NULL`;
  return {
    first: `${select} ORDER BY ${keyList} LIMIT $1`,
    after: `${select} AND (${keyList}) > (${keyParams(2)}) ORDER BY ${keyList} LIMIT $1`,
    update: `UPDATE "${table}" SET "${column}" = $1 WHERE "${column}" = $2 AND (${keyList}) = (${keyParams(3)})`,
  };
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
  for (const secretColumn of secretColumns) {
    const { table, column, key, rowIdOf } = secretColumn;
    const queries = buildQueries(secretColumn);
    let after: string[] | undefined;
    for (;;) {
      const rows = after
        ? await prisma.$queryRawUnsafe<Row[]>(queries.after, batchSize, ...after)
        : await prisma.$queryRawUnsafe<Row[]>(queries.first, batchSize);
      for (const row of rows) {
        report.scanned += 1;
        if (box.keyIdOf(row.value) === box.primaryKeyId) continue;
        const location = { table, column, rowId: rowIdOf(row) };
        const resealed = box.seal(box.open(row.value, location), location);
        const keyValues = key.map((k) => row[k.name]);
        report.reencrypted += await prisma.$executeRawUnsafe(queries.update, resealed, row.value, ...keyValues);
      }
      const last = rows.at(-1);
      if (!last) break;
      after = key.map((k) => last[k.name]!);
    }
  }
  return report;
}
