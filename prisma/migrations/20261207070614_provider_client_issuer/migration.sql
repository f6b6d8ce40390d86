-- AlterTable
ALTER TABLE "ProviderClient" ADD COLUMN     "issuer" TEXT;
