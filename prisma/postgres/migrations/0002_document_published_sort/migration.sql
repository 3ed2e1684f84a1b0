-- DropIndex
DROP INDEX "Document_publishedYear_publishedMonth_publishedDay_idx";

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "publishedSort" INTEGER;

-- CreateIndex
CREATE INDEX "Document_publishedSort_idx" ON "Document"("publishedSort");

-- CreateIndex
CREATE INDEX "Document_collectionId_idx" ON "Document"("collectionId");

