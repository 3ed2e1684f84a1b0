-- AlterTable
ALTER TABLE "Change" ADD COLUMN "collectionId" INTEGER;

-- CreateTable
CREATE TABLE "SpanAnchor" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "spanId" INTEGER NOT NULL,
    "versionId" INTEGER NOT NULL,
    "start" INTEGER,
    "end" INTEGER,
    "status" TEXT NOT NULL,
    "score" REAL,
    CONSTRAINT "SpanAnchor_spanId_fkey" FOREIGN KEY ("spanId") REFERENCES "Span" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SpanAnchor_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocumentVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SpanAnchor_versionId_idx" ON "SpanAnchor"("versionId");

-- CreateIndex
CREATE UNIQUE INDEX "SpanAnchor_spanId_versionId_key" ON "SpanAnchor"("spanId", "versionId");

-- CreateIndex
CREATE INDEX "Change_collectionId_idx" ON "Change"("collectionId");

