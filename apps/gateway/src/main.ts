import { createPrismaClient } from "@switchboard/db";
import pino from "pino";
import { readGatewayEnv } from "./env.ts";
import { createGatewayServer } from "./server.ts";

const env = readGatewayEnv();
const logger = pino({ name: "gateway", level: env.LOG_LEVEL });
const prisma = createPrismaClient(env.DATABASE_URL);
const server = createGatewayServer({ prisma, logger, publicUrl: env.GATEWAY_PUBLIC_URL });

server.listen(env.GATEWAY_PORT, env.GATEWAY_HOST, () => logger.info({ port: env.GATEWAY_PORT }, "gateway listening"));

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down");
    server.close(() => void prisma.$disconnect().finally(() => process.exit(0)));
  });
}
