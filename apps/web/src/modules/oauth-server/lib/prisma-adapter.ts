import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import { hashOpaqueToken } from "@switchboard/db/tokens";
import type { Adapter, AdapterPayload } from "oidc-provider";

/**
 * How long a rotated refresh token may be presented again. A client whose refresh response was lost
 * retries with the same token; inside this window the retry gets a fresh token pair instead of
 * `invalid_grant` plus a revoked grant (the failure that cost other products their users' grants).
 * After it, reuse is treated as theft and the provider revokes the whole family.
 */
export const REFRESH_REUSE_GRACE_SECONDS = 10;

/**
 * A dynamically registered client unused this long is forgotten (DCR fills client tables
 * otherwise); each use extends it. Pre-registered clients are stored with `expiresIn` 0: never.
 * The default of OAUTH_SERVER_CLIENT_IDLE_DAYS.
 */
export const REGISTERED_CLIENT_IDLE_SECONDS = 30 * 24 * 60 * 60;
const IDLE_EXTENSION_STEP_MS = 24 * 60 * 60 * 1000;

interface StoredRow {
  kind: string;
  id: string;
  payloadCiphertext: string;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

/**
 * oidc-provider's storage in Postgres (one `OidcPayload` row per model instance), so every web
 * replica sees the same codes, grants and refresh tokens, and a restart loses none. The provider's
 * ids of codes and refresh tokens are the tokens themselves, so rows are keyed by their SHA-256 and
 * payloads (which repeat the id, and hold registered clients' secrets) are encrypted.
 */
export function createPrismaAdapter(
  prisma: PrismaClient,
  secretBox: SecretBox,
  graceSeconds = REFRESH_REUSE_GRACE_SECONDS,
  clientIdleSeconds = REGISTERED_CLIENT_IDLE_SECONDS,
) {
  const locate = (row: { kind: string; id: string }) => ({
    table: "OidcPayload",
    column: "payloadCiphertext",
    rowId: `${row.kind}/${row.id}`,
  });

  /** At most one write a day per client: its idle expiry moves with use. */
  async function extendIdleClient(key: { kind: string; id: string }, expiresAt: Date): Promise<void> {
    const extended = Date.now() + clientIdleSeconds * 1000;
    if (extended - expiresAt.getTime() < IDLE_EXTENSION_STEP_MS) return;
    await prisma.oidcPayload.updateMany({ where: key, data: { expiresAt: new Date(extended) } });
  }

  return class PrismaAdapter implements Adapter {
    constructor(private readonly kind: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
      const key = { kind: this.kind, id: hashOpaqueToken(id) };
      if (this.kind === "Client" && expiresIn === undefined) expiresIn = clientIdleSeconds;
      const data = {
        payloadCiphertext: secretBox.seal(JSON.stringify(payload), locate(key)),
        grantId: payload.grantId ?? null,
        userCode: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      };
      await prisma.oidcPayload.upsert({ where: { kind_id: key }, create: { ...key, ...data }, update: data });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const key = { kind: this.kind, id: hashOpaqueToken(id) };
      const row = await prisma.oidcPayload.findUnique({ where: { kind_id: key } });
      const payload = this.toPayload(row);
      if (payload && this.kind === "Client" && row?.expiresAt) await extendIdleClient(key, row.expiresAt);
      return payload;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.toPayload(await prisma.oidcPayload.findFirst({ where: { kind: this.kind, uid } }));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.toPayload(await prisma.oidcPayload.findFirst({ where: { kind: this.kind, userCode } }));
    }

    async consume(id: string): Promise<void> {
      // Only the first consumption counts, so retries cannot stretch the grace window.
      await prisma.oidcPayload.updateMany({
        where: { kind: this.kind, id: hashOpaqueToken(id), consumedAt: null },
        data: { consumedAt: new Date() },
      });
    }

    async destroy(id: string): Promise<void> {
      await prisma.oidcPayload.deleteMany({ where: { kind: this.kind, id: hashOpaqueToken(id) } });
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await prisma.oidcPayload.deleteMany({ where: { kind: this.kind, grantId } });
    }

    private toPayload(row: StoredRow | null): AdapterPayload | undefined {
      if (!row || (row.expiresAt && row.expiresAt <= new Date())) return undefined;
      const payload = JSON.parse(secretBox.open(row.payloadCiphertext, locate(row))) as AdapterPayload;
      if (!row.consumedAt) return payload;
      const inGrace = this.kind === "RefreshToken" && Date.now() - row.consumedAt.getTime() <= graceSeconds * 1000;
      return inGrace ? payload : { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) };
    }
  };
}

/** The row id the adapter stores for a provider id (the grant a consent points to, for example). */
export const storedOidcId = hashOpaqueToken;
