import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { secretColumns, type KeyColumn } from "./secret-columns.ts";

interface Model {
  ciphertextColumns: string[];
  key: KeyColumn[];
}

/** The tables of the Prisma schema (a model's `@@map` name, else its own) with their `*Ciphertext` columns and primary key. */
function readSchemaModels(): Map<string, Model> {
  const schema = readFileSync(new URL("../../../../prisma/schema.prisma", import.meta.url), "utf8");
  const models = new Map<string, Model>();
  for (const [, name = "", body = ""] of schema.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const fields = [...body.matchAll(/^\s+(\w+)\s+(\S+)(.*)$/gm)].map(([, field = "", , rest = ""]) => ({
      field,
      rest,
    }));
    const typeOf = (field: string): KeyColumn["type"] =>
      fields.find((candidate) => candidate.field === field)?.rest.includes("@db.Uuid") ? "uuid" : "text";
    const compound = /@@id\(\[([^\]]+)\]\)/.exec(body)?.[1];
    const keyNames = compound
      ? compound.split(",").map((part) => part.trim())
      : fields.filter(({ rest }) => /@id\b/.test(rest)).map(({ field }) => field);
    models.set(/@@map\("(\w+)"\)/.exec(body)?.[1] ?? name, {
      ciphertextColumns: fields.map(({ field }) => field).filter((field) => field.endsWith("Ciphertext")),
      key: keyNames.map((keyName) => ({ name: keyName, type: typeOf(keyName) })),
    });
  }
  return models;
}

describe("secretColumns", () => {
  const models = readSchemaModels();

  it("lists exactly the schema's *Ciphertext columns, so a new secret column cannot miss key rotation", () => {
    const inSchema = [...models].flatMap(([table, model]) =>
      model.ciphertextColumns.map((column) => `${table}.${column}`),
    );
    expect(inSchema.length).toBeGreaterThanOrEqual(8);
    expect(secretColumns.map(({ table, column }) => `${table}.${column}`).sort()).toStrictEqual(inSchema.sort());
  });

  it("declares each table's primary key as the schema defines it", () => {
    for (const { table, key } of secretColumns) {
      expect(key, table).toStrictEqual(models.get(table)?.key);
    }
  });

  it("binds each ciphertext to its row id: the id, or kind/id for oidc-provider's storage", () => {
    const rowIds = Object.fromEntries(
      secretColumns.map(({ table, column, rowIdOf }) => [
        `${table}.${column}`,
        rowIdOf({ id: "row-1", kind: "Grant" }),
      ]),
    );
    expect(rowIds).toStrictEqual({
      "Installation.secretConfigCiphertext": "row-1",
      "ProviderClient.clientSecretCiphertext": "row-1",
      "ClientRegistration.clientSecretCiphertext": "row-1",
      "OAuthCredential.accessTokenCiphertext": "row-1",
      "OAuthCredential.refreshTokenCiphertext": "row-1",
      "AuthorizationFlow.codeVerifierCiphertext": "row-1",
      "OAuthSigningKey.privateJwkCiphertext": "row-1",
      "OidcPayload.payloadCiphertext": "Grant/row-1",
    });
  });
});
