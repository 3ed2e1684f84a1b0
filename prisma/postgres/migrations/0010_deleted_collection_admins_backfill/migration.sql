-- 0010_deleted_collection_admins_backfill (postgresql): hand-written SQL, the Prisma schema is unchanged. Data only.
-- The changes of a deleted collection are shown to the tokens that were its admins when it was
-- deleted (DeletedCollectionAdmin, recorded by deleteCollection from now on). For collections
-- deleted before, the grants are gone; the one admin still known is the token that deleted it
-- (deleting needs ADMIN), named by the change's actor. Unrevoked tokens only; safe to run twice.
INSERT INTO "DeletedCollectionAdmin" ("tokenId", "collectionId")
SELECT DISTINCT t."id", c."collectionId"
FROM "Change" c
JOIN "ApiToken" t ON c."actor" = 'token:' || CAST(t."id" AS TEXT)
WHERE c."operation" = 'deleteCollection'
  AND c."nodeType" = 'Collection'
  AND c."collectionId" IS NOT NULL
  AND t."revokedAt" IS NULL
  AND NOT EXISTS (SELECT 1 FROM "Collection" live WHERE live."id" = c."collectionId")
  AND NOT EXISTS (SELECT 1 FROM "DeletedCollectionAdmin" d WHERE d."tokenId" = t."id" AND d."collectionId" = c."collectionId");
