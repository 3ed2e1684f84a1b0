-- AlterTable
ALTER TABLE "Change" ADD COLUMN     "collectionId" INTEGER;

-- CreateTable
CREATE TABLE "SpanAnchor" (
    "id" SERIAL NOT NULL,
    "spanId" INTEGER NOT NULL,
    "versionId" INTEGER NOT NULL,
    "start" INTEGER,
    "end" INTEGER,
    "status" "AnchorStatus" NOT NULL,
    "score" DOUBLE PRECISION,

    CONSTRAINT "SpanAnchor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SpanAnchor_versionId_idx" ON "SpanAnchor"("versionId");

-- CreateIndex
CREATE UNIQUE INDEX "SpanAnchor_spanId_versionId_key" ON "SpanAnchor"("spanId", "versionId");

-- CreateIndex
CREATE INDEX "Change_collectionId_idx" ON "Change"("collectionId");

-- AddForeignKey
ALTER TABLE "SpanAnchor" ADD CONSTRAINT "SpanAnchor_spanId_fkey" FOREIGN KEY ("spanId") REFERENCES "Span"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpanAnchor" ADD CONSTRAINT "SpanAnchor_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocumentVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

