-- CreateTable
CREATE TABLE "Collection" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "visibility" TEXT NOT NULL DEFAULT 'PRIVATE',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Document" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "collectionId" INTEGER NOT NULL,
    "key" TEXT,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'ARTICLE',
    "publisherId" INTEGER,
    "language" TEXT,
    "url" TEXT,
    "publishedYear" INTEGER,
    "publishedMonth" INTEGER,
    "publishedDay" INTEGER,
    "publishedText" TEXT,
    "retrievedAt" DATETIME,
    "contentHash" TEXT,
    "sourceChecksum" TEXT,
    "notes" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Document_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "Collection" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Document_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Entity" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DocumentAuthor" (
    "documentId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("documentId", "personId"),
    CONSTRAINT "DocumentAuthor_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DocumentAuthor_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DocumentVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "rawText" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DocumentVersion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BoilerplateRegion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "versionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    CONSTRAINT "BoilerplateRegion_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocumentVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Entity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Entity_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Entity" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Entity_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Entity" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EntityName" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entityId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'ALIAS',
    "language" TEXT,
    "normalized" TEXT NOT NULL,
    CONSTRAINT "EntityName_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExternalId" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entityId" INTEGER NOT NULL,
    "scheme" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    CONSTRAINT "ExternalId_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Span" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentId" INTEGER NOT NULL,
    "versionId" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    "prefix" TEXT NOT NULL DEFAULT '',
    "suffix" TEXT NOT NULL DEFAULT '',
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "offsetUnit" TEXT NOT NULL DEFAULT 'UTF16_CODE_UNIT',
    "status" TEXT NOT NULL DEFAULT 'ANCHORED',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Span_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Span_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocumentVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Mention" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentId" INTEGER NOT NULL,
    "spanId" INTEGER NOT NULL,
    "entityId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SUGGESTED',
    "method" TEXT NOT NULL DEFAULT 'MANUAL',
    "confidence" REAL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Mention_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Mention_spanId_fkey" FOREIGN KEY ("spanId") REFERENCES "Span" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Mention_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Claim" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentId" INTEGER NOT NULL,
    "spanId" INTEGER NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "property" TEXT NOT NULL,
    "valueText" TEXT NOT NULL,
    "valueKind" TEXT NOT NULL DEFAULT 'TEXT',
    "lower" REAL,
    "upper" REAL,
    "unit" TEXT,
    "approximate" BOOLEAN NOT NULL DEFAULT false,
    "valueEntityId" INTEGER,
    "modality" TEXT NOT NULL DEFAULT 'ASSERTS',
    "asserterId" INTEGER,
    "citationId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'SUGGESTED',
    "method" TEXT NOT NULL DEFAULT 'MANUAL',
    "confidence" REAL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Claim_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Claim_spanId_fkey" FOREIGN KEY ("spanId") REFERENCES "Span" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Claim_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Claim_valueEntityId_fkey" FOREIGN KEY ("valueEntityId") REFERENCES "Entity" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Claim_asserterId_fkey" FOREIGN KEY ("asserterId") REFERENCES "Entity" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Claim_citationId_fkey" FOREIGN KEY ("citationId") REFERENCES "Citation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClaimQualifier" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "claimId" INTEGER NOT NULL,
    "property" TEXT NOT NULL,
    "valueText" TEXT,
    "entityId" INTEGER,
    CONSTRAINT "ClaimQualifier_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ClaimQualifier_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Citation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentId" INTEGER NOT NULL,
    "spanId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "sourceEntityId" INTEGER,
    "sourceDocumentId" INTEGER,
    "parentId" INTEGER,
    "workKind" TEXT,
    "workTitle" TEXT,
    "workYear" INTEGER,
    "workMonth" INTEGER,
    "workDay" INTEGER,
    "workText" TEXT,
    "status" TEXT NOT NULL DEFAULT 'SUGGESTED',
    "method" TEXT NOT NULL DEFAULT 'MANUAL',
    "confidence" REAL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Citation_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Citation_spanId_fkey" FOREIGN KEY ("spanId") REFERENCES "Span" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Citation_sourceEntityId_fkey" FOREIGN KEY ("sourceEntityId") REFERENCES "Entity" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Citation_sourceDocumentId_fkey" FOREIGN KEY ("sourceDocumentId") REFERENCES "Document" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Citation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Citation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EntityJudgement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entityAId" INTEGER NOT NULL,
    "entityBId" INTEGER NOT NULL,
    "verdict" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "snapshot" JSONB,
    "undoneAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EntityJudgement_entityAId_fkey" FOREIGN KEY ("entityAId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EntityJudgement_entityBId_fkey" FOREIGN KEY ("entityBId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Change" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actor" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "nodeType" TEXT NOT NULL,
    "nodeId" INTEGER NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "requestId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "lastUsedAt" DATETIME
);

-- CreateTable
CREATE TABLE "TokenGrant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tokenId" INTEGER NOT NULL,
    "collectionId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    CONSTRAINT "TokenGrant_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TokenGrant_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "Collection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

