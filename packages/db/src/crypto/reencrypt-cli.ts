import { createPrismaClient } from "../client.ts";
import { readDatabaseUrl, readEncryptionKeys } from "../config.ts";
import { reencryptSecrets } from "./reencrypt.ts";
import { SecretBox } from "./secret-box.ts";

const prisma = createPrismaClient(readDatabaseUrl());
const box = new SecretBox(readEncryptionKeys());
const report = await reencryptSecrets(prisma, box);
console.log(
  `Scanned ${report.scanned} secret values; re-encrypted ${report.reencrypted} with key "${box.primaryKeyId}".`,
);
await prisma.$disconnect();
