// A second "runner" for the integration tests: its own process, database pool and in-process
// single flight. Reads its settings as one JSON line on stdin, prints "ready", waits for "go",
// refreshes and prints the outcome. In "crash" mode it kills itself with SIGKILL the moment the
// provider's token response arrives, before the transaction can commit.
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";
import { createPrismaClient } from "@switchboard/db";
import { SecretBox } from "@switchboard/db/crypto";
import { createGuardedFetch, type GuardedFetch } from "@switchboard/oauth";
import { refreshCredential } from "../src/index.ts";

interface ChildSettings {
  databaseUrl: string;
  keys: { id: string; key: string }[];
  credentialId: string;
  providerHost: string;
  mode: "refresh" | "crash";
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const next = async () => String((await lines.next()).value ?? "");
const settings = JSON.parse(await next()) as ChildSettings;
const prisma = createPrismaClient(settings.databaseUrl, { maxConnections: 2 });
const box = new SecretBox(settings.keys.map(({ id, key }) => ({ id, key: Buffer.from(key, "base64") })));
const guarded = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [settings.providerHost] });
const fetch: GuardedFetch =
  settings.mode === "crash"
    ? Object.assign(
        async (input: string | URL | Request, init?: RequestInit) => {
          const response = await guarded(input, init);
          process.kill(process.pid, "SIGKILL");
          return response;
        },
        { allowInsecureHttp: true },
      )
    : guarded;

await prisma.$queryRaw`SELECT 1`;
process.stdout.write("ready\n");
await next();
try {
  const outcome = await refreshCredential(prisma, box, settings.credentialId, { fetch });
  const { refreshed, credential } = outcome;
  // A digest, not the token: this output is a test's pipe, but tokens never go to stdout.
  const accessTokenDigest = createHash("sha256").update(credential.accessToken).digest("hex");
  process.stdout.write(`${JSON.stringify({ refreshed, version: credential.version, accessTokenDigest })}\n`);
} finally {
  await prisma.$disconnect();
  process.stdin.destroy();
}
