// Used by the Prisma CLI (`prisma generate`, and `prisma migrate deploy` on machines that can
// download Prisma's schema engine). `npm run db:migrate` does the same without a download.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/switchboard" },
});
