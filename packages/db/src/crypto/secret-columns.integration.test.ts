import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  createTestKeys,
  createTestPrisma,
  createTestSecretBox,
  resetDatabase,
  seedCatalogEntry,
  seedUser,
} from "../testing/index.ts";
import { reencryptSecrets } from "./reencrypt.ts";
import { SecretBox } from "./secret-box.ts";
import { secretColumns, type SecretColumn } from "./secret-columns.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

/** Creates one row per secret column, each holding a distinct plaintext sealed by `box`. */
async function seedEverySecret(box: SecretBox) {
  const user = await seedUser(prisma);
  const entry = await seedCatalogEntry(prisma);
  const ids = {
    Installation: randomUUID(),
    ProviderClient: randomUUID(),
    ClientRegistration: randomUUID(),
    OAuthCredential: randomUUID(),
    AuthorizationFlow: randomUUID(),
    OAuthSigningKey: randomUUID(),
    OidcPayload: `Grant/${randomUUID()}`,
  };
  const plaintexts = new Map<string, string>();
  const seal = (table: keyof typeof ids, column: string) => {
    const plaintext = `plain-${table}-${column}-${randomUUID()}`;
    plaintexts.set(`${table}.${column}`, plaintext);
    return box.seal(plaintext, { table, column, rowId: ids[table] });
  };
  await prisma.connector.create({
    data: {
      id: ids.Installation,
      catalogEntryId: entry.id,
      scope: "PERSONAL",
      ownerUserId: user.id,
      name: "test",
      secretConfigCiphertext: seal("Installation", "secretConfigCiphertext"),
    },
  });
  await prisma.providerClient.create({
    data: {
      id: ids.ProviderClient,
      catalogEntryId: entry.id,
      clientId: "client",
      clientSecretCiphertext: seal("ProviderClient", "clientSecretCiphertext"),
    },
  });
  await prisma.clientRegistration.create({
    data: {
      id: ids.ClientRegistration,
      issuer: "https://as.example",
      redirectUri: "https://sb.example/cb",
      clientId: "dcr",
      clientSecretCiphertext: seal("ClientRegistration", "clientSecretCiphertext"),
    },
  });
  await prisma.oAuthCredential.create({
    data: {
      id: ids.OAuthCredential,
      connectorId: ids.Installation,
      accessTokenCiphertext: seal("OAuthCredential", "accessTokenCiphertext"),
      refreshTokenCiphertext: seal("OAuthCredential", "refreshTokenCiphertext"),
    },
  });
  await prisma.authorizationFlow.create({
    data: {
      id: ids.AuthorizationFlow,
      stateHash: randomUUID(),
      userId: user.id,
      connectorId: ids.Installation,
      codeVerifierCiphertext: seal("AuthorizationFlow", "codeVerifierCiphertext"),
      context: {},
      expiresAt: new Date(Date.now() + 60_000),
    },
  });
  await prisma.oAuthSigningKey.create({
    data: {
      id: ids.OAuthSigningKey,
      kid: randomUUID(),
      publicJwk: {},
      privateJwkCiphertext: seal("OAuthSigningKey", "privateJwkCiphertext"),
    },
  });
  const [kind, oidcId] = ids.OidcPayload.split("/");
  await prisma.oidcPayload.create({
    data: { kind: kind!, id: oidcId!, payloadCiphertext: seal("OidcPayload", "payloadCiphertext") },
  });
  return { ids, plaintexts };
}

/** The one row's ciphertext and the row id it is bound to, read the way re-encryption reads it. */
async function readRaw({ table, column, key, rowIdOf }: SecretColumn) {
  const keySelect = key.map((k) => `"${k.name}"::text AS "${k.name}"`).join(", ");
  const rows = await prisma.$queryRawUnsafe<Record<string, string>[]>(
    `SELECT ${keySelect}, "${column}" AS value FROM "${table}"`,
  );
  expect(rows).toHaveLength(1);
  return { id: rowIdOf(rows[0]!), value: rows[0]!.value! };
}

const columnNamed = (table: string, column: string) =>
  secretColumns.find((c) => c.table === table && c.column === column)!;

describe("secret columns", () => {
  it("hold only ciphertext, readable with the right key and row", async () => {
    const box = createTestSecretBox();
    const { plaintexts } = await seedEverySecret(box);
    for (const secretColumn of secretColumns) {
      const { table, column } = secretColumn;
      const raw = await readRaw(secretColumn);
      const plaintext = plaintexts.get(`${table}.${column}`)!;
      expect(raw.value).toMatch(/^sb1\.test\./);
      expect(raw.value).not.toContain(plaintext);
      expect(box.open(raw.value, { table, column, rowId: raw.id })).toBe(plaintext);
    }
  });

  it("no plaintext appears anywhere in a dump of the database", async () => {
    const { plaintexts } = await seedEverySecret(createTestSecretBox());
    const tables = [...new Set(secretColumns.map((c) => c.table))];
    const dump = JSON.stringify(
      await Promise.all(tables.map((t) => prisma.$queryRawUnsafe(`SELECT row_to_json(x)::text AS j FROM "${t}" x`))),
    );
    for (const plaintext of plaintexts.values()) expect(dump).not.toContain(plaintext);
  });

  it("a ciphertext copied into another row does not decrypt", async () => {
    const box = createTestSecretBox();
    await seedEverySecret(box);
    const raw = await readRaw(columnNamed("OAuthCredential", "accessTokenCiphertext"));
    expect(() =>
      box.open(raw.value, { table: "OAuthCredential", column: "accessTokenCiphertext", rowId: randomUUID() }),
    ).toThrow(/authentication failed/);
  });

  it("key rotation re-encrypts every value with the newest key and keeps them readable", async () => {
    const oldKeys = createTestKeys(["old"]);
    const oldBox = new SecretBox(oldKeys);
    const { plaintexts } = await seedEverySecret(oldBox);
    const rotated = new SecretBox([...createTestKeys(["new"]), ...oldKeys]);

    const first = await reencryptSecrets(prisma, rotated, 2);
    expect(first).toEqual({ scanned: secretColumns.length, reencrypted: secretColumns.length });
    const second = await reencryptSecrets(prisma, rotated);
    expect(second).toEqual({ scanned: secretColumns.length, reencrypted: 0 });

    for (const secretColumn of secretColumns) {
      const { table, column } = secretColumn;
      const raw = await readRaw(secretColumn);
      expect(rotated.keyIdOf(raw.value)).toBe("new");
      expect(rotated.open(raw.value, { table, column, rowId: raw.id })).toBe(plaintexts.get(`${table}.${column}`));
      expect(() => oldBox.open(raw.value, { table, column, rowId: raw.id })).toThrow(/key "new" is not configured/);
    }
  });

  it("key rotation re-seals oidc-provider's payloads (OidcPayload, bound to kind/id), so dropping the old key loses no grant", async () => {
    const oldKeys = createTestKeys(["old"]);
    const newKeys = createTestKeys(["new"]);
    const { ids, plaintexts } = await seedEverySecret(new SecretBox(oldKeys));
    await reencryptSecrets(prisma, new SecretBox([...newKeys, ...oldKeys]));

    const [row] = await prisma.oidcPayload.findMany();
    const newOnly = new SecretBox(newKeys);
    const location = { table: "OidcPayload", column: "payloadCiphertext", rowId: ids.OidcPayload };
    expect(newOnly.open(row!.payloadCiphertext, location)).toBe(plaintexts.get("OidcPayload.payloadCiphertext"));
  });
});
