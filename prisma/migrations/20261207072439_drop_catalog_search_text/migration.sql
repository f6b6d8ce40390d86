-- AlterTable
ALTER TABLE "CatalogEntry" DROP COLUMN "searchText";
