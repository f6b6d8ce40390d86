-- AlterTable
ALTER TABLE "CatalogEntry" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';
