import type { Prisma } from "@switchboard/db";

/** MCP results are plain JSON already; this only tells Prisma so. */
export function toJson(value: object): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
