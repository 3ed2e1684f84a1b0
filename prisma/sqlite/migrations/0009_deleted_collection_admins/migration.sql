-- CreateTable
CREATE TABLE "DeletedCollectionAdmin" (
    "tokenId" INTEGER NOT NULL,
    "collectionId" INTEGER NOT NULL,
    "deletedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tokenId", "collectionId"),
    CONSTRAINT "DeletedCollectionAdmin_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DeletedCollectionAdmin_collectionId_idx" ON "DeletedCollectionAdmin"("collectionId");

