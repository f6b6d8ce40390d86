import { randomUUID } from "node:crypto";
import { createPrismaClient } from "@switchboard/db";
import { hashPassword } from "@switchboard/web/testing";

/** The database scripts/e2e-server.sh gives the web app under test. */
export const e2eDatabaseUrl = `postgresql://postgres:postgres@127.0.0.1:5432/switchboard_e2e_${process.env.E2E_WEB_PORT ?? 3100}`;

export const e2ePrisma = createPrismaClient(e2eDatabaseUrl, { maxConnections: 2 });

/**
 * Creates a user directly in the database, so specs after the first (which signs up the first
 * admin through the UI) need no invitation dance.
 */
export async function createE2eUser(options: { name?: string; isInstanceAdmin?: boolean; password?: string } = {}) {
  const email = `${(options.name ?? "user").toLowerCase().replace(/\W+/g, "-")}-${randomUUID().slice(0, 8)}@example.com`;
  const password = options.password ?? "e2e password that is long";
  await e2ePrisma.user.create({
    data: {
      email,
      name: options.name ?? email,
      isInstanceAdmin: options.isInstanceAdmin ?? false,
      passwordHash: await hashPassword(password),
    },
  });
  return { email, password };
}
