-- CreateEnum
CREATE TYPE "Visibility" AS ENUM ('PUBLIC', 'PRIVATE');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('ARTICLE', 'REPORT', 'LETTER', 'RESOLUTION', 'TRANSCRIPT', 'STATEMENT', 'OTHER');

-- CreateEnum
CREATE TYPE "BoilerplateKind" AS ENUM ('HEADLINE', 'NAVIGATION', 'CAPTION', 'EXCERPT', 'SHARE_LINKS', 'RELATED_LINKS', 'TAGS', 'COPYRIGHT', 'CREDITS');

-- CreateEnum
CREATE TYPE "EntityType" AS ENUM ('PERSON', 'ORGANISATION', 'EVENT');

-- CreateEnum
CREATE TYPE "NameKind" AS ENUM ('PRIMARY', 'ALIAS', 'ACRONYM', 'FORMER', 'TRANSLITERATION');

-- CreateEnum
CREATE TYPE "OffsetUnit" AS ENUM ('UTF16_CODE_UNIT');

-- CreateEnum
CREATE TYPE "AnchorStatus" AS ENUM ('ANCHORED', 'REANCHORED', 'ORPHANED');

-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('SUGGESTED', 'CONFIRMED', 'REJECTED');

-- CreateEnum
CREATE TYPE "Method" AS ENUM ('CURATED', 'MANUAL', 'GAZETTEER', 'PATTERN', 'IMPORTED');

-- CreateEnum
CREATE TYPE "ValueKind" AS ENUM ('QUANTITY', 'SHARE', 'DATE', 'ENTITY', 'TEXT');

-- CreateEnum
CREATE TYPE "Modality" AS ENUM ('ASSERTS', 'REPORTS', 'DENIES', 'ESTIMATES');

-- CreateEnum
CREATE TYPE "CitationKind" AS ENUM ('QUOTE', 'PARAPHRASE', 'REFERENCE');

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('SAME', 'NOT_SAME', 'UNSURE');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('READER', 'EDITOR', 'ADMIN');

-- CreateTable
CREATE TABLE "Collection" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "visibility" "Visibility" NOT NULL DEFAULT 'PRIVATE',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Collection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" SERIAL NOT NULL,
    "collectionId" INTEGER NOT NULL,
    "key" TEXT,
    "title" TEXT NOT NULL,
    "kind" "DocumentKind" NOT NULL DEFAULT 'ARTICLE',
    "publisherId" INTEGER,
    "language" TEXT,
    "url" TEXT,
    "publishedYear" INTEGER,
    "publishedMonth" INTEGER,
    "publishedDay" INTEGER,
    "publishedText" TEXT,
    "retrievedAt" TIMESTAMP(3),
    "contentHash" TEXT,
    "sourceChecksum" TEXT,
    "notes" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentAuthor" (
    "documentId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DocumentAuthor_pkey" PRIMARY KEY ("documentId","personId")
);

-- CreateTable
CREATE TABLE "DocumentVersion" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "rawText" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BoilerplateRegion" (
    "id" SERIAL NOT NULL,
    "versionId" INTEGER NOT NULL,
    "kind" "BoilerplateKind" NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "BoilerplateRegion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Entity" (
    "id" SERIAL NOT NULL,
    "type" "EntityType" NOT NULL,
    "key" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "parentId" INTEGER,
    "startYear" INTEGER,
    "startMonth" INTEGER,
    "startDay" INTEGER,
    "startText" TEXT,
    "endYear" INTEGER,
    "endMonth" INTEGER,
    "endDay" INTEGER,
    "endText" TEXT,
    "place" TEXT,
    "mergedIntoId" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Entity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntityName" (
    "id" SERIAL NOT NULL,
    "entityId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "NameKind" NOT NULL DEFAULT 'ALIAS',
    "language" TEXT,
    "normalized" TEXT NOT NULL,

    CONSTRAINT "EntityName_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalId" (
    "id" SERIAL NOT NULL,
    "entityId" INTEGER NOT NULL,
    "scheme" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "ExternalId_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Span" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "versionId" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    "prefix" TEXT NOT NULL DEFAULT '',
    "suffix" TEXT NOT NULL DEFAULT '',
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "offsetUnit" "OffsetUnit" NOT NULL DEFAULT 'UTF16_CODE_UNIT',
    "status" "AnchorStatus" NOT NULL DEFAULT 'ANCHORED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Span_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mention" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "spanId" INTEGER NOT NULL,
    "entityId" INTEGER NOT NULL,
    "status" "ReviewStatus" NOT NULL DEFAULT 'SUGGESTED',
    "method" "Method" NOT NULL DEFAULT 'MANUAL',
    "confidence" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Mention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Claim" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "spanId" INTEGER NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "property" TEXT NOT NULL,
    "valueText" TEXT NOT NULL,
    "valueKind" "ValueKind" NOT NULL DEFAULT 'TEXT',
    "lower" DOUBLE PRECISION,
    "upper" DOUBLE PRECISION,
    "unit" TEXT,
    "approximate" BOOLEAN NOT NULL DEFAULT false,
    "valueEntityId" INTEGER,
    "modality" "Modality" NOT NULL DEFAULT 'ASSERTS',
    "asserterId" INTEGER,
    "citationId" INTEGER,
    "status" "ReviewStatus" NOT NULL DEFAULT 'SUGGESTED',
    "method" "Method" NOT NULL DEFAULT 'MANUAL',
    "confidence" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Claim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClaimQualifier" (
    "id" SERIAL NOT NULL,
    "claimId" INTEGER NOT NULL,
    "property" TEXT NOT NULL,
    "valueText" TEXT,
    "entityId" INTEGER,

    CONSTRAINT "ClaimQualifier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Citation" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "spanId" INTEGER NOT NULL,
    "kind" "CitationKind" NOT NULL,
    "sourceEntityId" INTEGER,
    "sourceDocumentId" INTEGER,
    "parentId" INTEGER,
    "workKind" "DocumentKind",
    "workTitle" TEXT,
    "workYear" INTEGER,
    "workMonth" INTEGER,
    "workDay" INTEGER,
    "workText" TEXT,
    "status" "ReviewStatus" NOT NULL DEFAULT 'SUGGESTED',
    "method" "Method" NOT NULL DEFAULT 'MANUAL',
    "confidence" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Citation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntityJudgement" (
    "id" SERIAL NOT NULL,
    "entityAId" INTEGER NOT NULL,
    "entityBId" INTEGER NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "snapshot" JSONB,
    "undoneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EntityJudgement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Change" (
    "id" SERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "nodeType" TEXT NOT NULL,
    "nodeId" INTEGER NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "requestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" SERIAL NOT NULL,
    "name" TEXT,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TokenGrant" (
    "id" SERIAL NOT NULL,
    "tokenId" INTEGER NOT NULL,
    "collectionId" INTEGER NOT NULL,
    "role" "Role" NOT NULL,

    CONSTRAINT "TokenGrant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Collection_slug_key" ON "Collection"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Document_key_key" ON "Document"("key");

-- CreateIndex
CREATE INDEX "Document_publisherId_idx" ON "Document"("publisherId");

-- CreateIndex
CREATE INDEX "Document_kind_idx" ON "Document"("kind");

-- CreateIndex
CREATE INDEX "Document_language_idx" ON "Document"("language");

-- CreateIndex
CREATE INDEX "Document_publishedYear_publishedMonth_publishedDay_idx" ON "Document"("publishedYear", "publishedMonth", "publishedDay");

-- CreateIndex
CREATE INDEX "Document_contentHash_idx" ON "Document"("contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Document_collectionId_url_key" ON "Document"("collectionId", "url");

-- CreateIndex
CREATE INDEX "DocumentAuthor_personId_idx" ON "DocumentAuthor"("personId");

-- CreateIndex
CREATE INDEX "DocumentVersion_contentHash_idx" ON "DocumentVersion"("contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentVersion_documentId_number_key" ON "DocumentVersion"("documentId", "number");

-- CreateIndex
CREATE INDEX "BoilerplateRegion_versionId_idx" ON "BoilerplateRegion"("versionId");

-- CreateIndex
CREATE UNIQUE INDEX "Entity_key_key" ON "Entity"("key");

-- CreateIndex
CREATE INDEX "Entity_type_name_idx" ON "Entity"("type", "name");

-- CreateIndex
CREATE INDEX "Entity_parentId_idx" ON "Entity"("parentId");

-- CreateIndex
CREATE INDEX "Entity_mergedIntoId_idx" ON "Entity"("mergedIntoId");

-- CreateIndex
CREATE INDEX "EntityName_normalized_idx" ON "EntityName"("normalized");

-- CreateIndex
CREATE UNIQUE INDEX "EntityName_entityId_normalized_key" ON "EntityName"("entityId", "normalized");

-- CreateIndex
CREATE INDEX "ExternalId_entityId_idx" ON "ExternalId"("entityId");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalId_scheme_value_key" ON "ExternalId"("scheme", "value");

-- CreateIndex
CREATE INDEX "Span_documentId_start_idx" ON "Span"("documentId", "start");

-- CreateIndex
CREATE INDEX "Span_versionId_idx" ON "Span"("versionId");

-- CreateIndex
CREATE INDEX "Mention_documentId_idx" ON "Mention"("documentId");

-- CreateIndex
CREATE INDEX "Mention_entityId_status_idx" ON "Mention"("entityId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Mention_spanId_entityId_key" ON "Mention"("spanId", "entityId");

-- CreateIndex
CREATE INDEX "Claim_subjectId_property_idx" ON "Claim"("subjectId", "property");

-- CreateIndex
CREATE INDEX "Claim_documentId_idx" ON "Claim"("documentId");

-- CreateIndex
CREATE INDEX "Claim_spanId_idx" ON "Claim"("spanId");

-- CreateIndex
CREATE INDEX "Claim_asserterId_idx" ON "Claim"("asserterId");

-- CreateIndex
CREATE INDEX "Claim_citationId_idx" ON "Claim"("citationId");

-- CreateIndex
CREATE INDEX "Claim_valueEntityId_idx" ON "Claim"("valueEntityId");

-- CreateIndex
CREATE INDEX "Claim_modality_idx" ON "Claim"("modality");

-- CreateIndex
CREATE INDEX "ClaimQualifier_claimId_idx" ON "ClaimQualifier"("claimId");

-- CreateIndex
CREATE INDEX "ClaimQualifier_entityId_idx" ON "ClaimQualifier"("entityId");

-- CreateIndex
CREATE INDEX "Citation_documentId_idx" ON "Citation"("documentId");

-- CreateIndex
CREATE INDEX "Citation_spanId_idx" ON "Citation"("spanId");

-- CreateIndex
CREATE INDEX "Citation_sourceEntityId_idx" ON "Citation"("sourceEntityId");

-- CreateIndex
CREATE INDEX "Citation_sourceDocumentId_idx" ON "Citation"("sourceDocumentId");

-- CreateIndex
CREATE INDEX "Citation_parentId_idx" ON "Citation"("parentId");

-- CreateIndex
CREATE INDEX "EntityJudgement_entityAId_idx" ON "EntityJudgement"("entityAId");

-- CreateIndex
CREATE INDEX "EntityJudgement_entityBId_idx" ON "EntityJudgement"("entityBId");

-- CreateIndex
CREATE INDEX "Change_nodeType_nodeId_idx" ON "Change"("nodeType", "nodeId");

-- CreateIndex
CREATE INDEX "Change_createdAt_idx" ON "Change"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "TokenGrant_collectionId_idx" ON "TokenGrant"("collectionId");

-- CreateIndex
CREATE UNIQUE INDEX "TokenGrant_tokenId_collectionId_key" ON "TokenGrant"("tokenId", "collectionId");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "Collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentAuthor" ADD CONSTRAINT "DocumentAuthor_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentAuthor" ADD CONSTRAINT "DocumentAuthor_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentVersion" ADD CONSTRAINT "DocumentVersion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoilerplateRegion" ADD CONSTRAINT "BoilerplateRegion_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocumentVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Entity" ADD CONSTRAINT "Entity_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Entity" ADD CONSTRAINT "Entity_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EntityName" ADD CONSTRAINT "EntityName_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalId" ADD CONSTRAINT "ExternalId_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Span" ADD CONSTRAINT "Span_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Span" ADD CONSTRAINT "Span_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocumentVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mention" ADD CONSTRAINT "Mention_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mention" ADD CONSTRAINT "Mention_spanId_fkey" FOREIGN KEY ("spanId") REFERENCES "Span"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mention" ADD CONSTRAINT "Mention_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_spanId_fkey" FOREIGN KEY ("spanId") REFERENCES "Span"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_valueEntityId_fkey" FOREIGN KEY ("valueEntityId") REFERENCES "Entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_asserterId_fkey" FOREIGN KEY ("asserterId") REFERENCES "Entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_citationId_fkey" FOREIGN KEY ("citationId") REFERENCES "Citation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClaimQualifier" ADD CONSTRAINT "ClaimQualifier_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClaimQualifier" ADD CONSTRAINT "ClaimQualifier_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_spanId_fkey" FOREIGN KEY ("spanId") REFERENCES "Span"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_sourceEntityId_fkey" FOREIGN KEY ("sourceEntityId") REFERENCES "Entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_sourceDocumentId_fkey" FOREIGN KEY ("sourceDocumentId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Citation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EntityJudgement" ADD CONSTRAINT "EntityJudgement_entityAId_fkey" FOREIGN KEY ("entityAId") REFERENCES "Entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EntityJudgement" ADD CONSTRAINT "EntityJudgement_entityBId_fkey" FOREIGN KEY ("entityBId") REFERENCES "Entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TokenGrant" ADD CONSTRAINT "TokenGrant_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TokenGrant" ADD CONSTRAINT "TokenGrant_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "Collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

