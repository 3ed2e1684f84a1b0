-- CreateTable
CREATE TABLE "DeletedCollectionAdmin" (
    "tokenId" INTEGER NOT NULL,
    "collectionId" INTEGER NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeletedCollectionAdmin_pkey" PRIMARY KEY ("tokenId","collectionId")
);

-- CreateIndex
CREATE INDEX "DeletedCollectionAdmin_collectionId_idx" ON "DeletedCollectionAdmin"("collectionId");

-- AddForeignKey
ALTER TABLE "DeletedCollectionAdmin" ADD CONSTRAINT "DeletedCollectionAdmin_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

