-- AlterTable
ALTER TABLE "Installation" ADD COLUMN     "instructions" TEXT;
