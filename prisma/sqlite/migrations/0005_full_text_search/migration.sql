-- 0005_full_text_search (sqlite): hand-written SQL, the Prisma schema is unchanged.
-- Name every object it creates with an agreed prefix (search_…) so the drift test leaves it out.

-- Full-text search over documents (issue 8). Read by src/db/search/sqlite.ts only.
--
-- search_document is an FTS5 external-content table: it stores only the index; the text it
-- indexes is the view search_document_source, one row per document (rowid = Document.id): the
-- title and the body of the current version (the highest number; '' while there is none).
-- Bodies already exclude boilerplate. unicode61 with remove_diacritics 2 folds case and accents,
-- so "Mojahedin" matches "Mojāhedin" and back.
CREATE VIEW "search_document_source" AS
SELECT d."id" AS "id",
       d."title" AS "title",
       coalesce((SELECT v."body" FROM "DocumentVersion" v WHERE v."documentId" = d."id" ORDER BY v."number" DESC LIMIT 1), '') AS "body"
FROM "Document" d;

CREATE VIRTUAL TABLE "search_document" USING fts5(
  title, body,
  content = 'search_document_source',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Keeping it in sync. An external-content index forgets a row only when told the exact text it
-- indexed, so every change follows one pattern: a BEFORE trigger removes the document's row as
-- the view shows it before the change, an AFTER trigger adds it as the view shows it after. The
-- index therefore always equals the view. Deleting a document: its BEFORE DELETE trigger removes
-- the row while the versions still exist; the cascade deletes the versions after the document row
-- is gone, when the view no longer has the document, so their triggers do nothing.
CREATE TRIGGER "search_document_ai" AFTER INSERT ON "Document" BEGIN
  INSERT INTO "search_document" (rowid, title, body) SELECT "id", "title", "body" FROM "search_document_source" WHERE "id" = new."id";
END;
CREATE TRIGGER "search_document_bu" BEFORE UPDATE OF "title" ON "Document" WHEN old."title" IS NOT new."title" BEGIN
  INSERT INTO "search_document" ("search_document", rowid, title, body) SELECT 'delete', "id", "title", "body" FROM "search_document_source" WHERE "id" = old."id";
END;
CREATE TRIGGER "search_document_au" AFTER UPDATE OF "title" ON "Document" WHEN old."title" IS NOT new."title" BEGIN
  INSERT INTO "search_document" (rowid, title, body) SELECT "id", "title", "body" FROM "search_document_source" WHERE "id" = new."id";
END;
CREATE TRIGGER "search_document_bd" BEFORE DELETE ON "Document" BEGIN
  INSERT INTO "search_document" ("search_document", rowid, title, body) SELECT 'delete', "id", "title", "body" FROM "search_document_source" WHERE "id" = old."id";
END;

-- A version changes the index only when it is (or was) the current one.
CREATE TRIGGER "search_version_bi" BEFORE INSERT ON "DocumentVersion"
WHEN NOT EXISTS (SELECT 1 FROM "DocumentVersion" WHERE "documentId" = new."documentId" AND "number" > new."number") BEGIN
  INSERT INTO "search_document" ("search_document", rowid, title, body) SELECT 'delete', "id", "title", "body" FROM "search_document_source" WHERE "id" = new."documentId";
END;
CREATE TRIGGER "search_version_ai" AFTER INSERT ON "DocumentVersion"
WHEN NOT EXISTS (SELECT 1 FROM "DocumentVersion" WHERE "documentId" = new."documentId" AND "number" > new."number") BEGIN
  INSERT INTO "search_document" (rowid, title, body) SELECT "id", "title", "body" FROM "search_document_source" WHERE "id" = new."documentId";
END;
CREATE TRIGGER "search_version_bd" BEFORE DELETE ON "DocumentVersion"
WHEN NOT EXISTS (SELECT 1 FROM "DocumentVersion" WHERE "documentId" = old."documentId" AND "number" > old."number") BEGIN
  INSERT INTO "search_document" ("search_document", rowid, title, body) SELECT 'delete', "id", "title", "body" FROM "search_document_source" WHERE "id" = old."documentId";
END;
CREATE TRIGGER "search_version_ad" AFTER DELETE ON "DocumentVersion"
WHEN NOT EXISTS (SELECT 1 FROM "DocumentVersion" WHERE "documentId" = old."documentId" AND "number" > old."number") BEGIN
  INSERT INTO "search_document" (rowid, title, body) SELECT "id", "title", "body" FROM "search_document_source" WHERE "id" = old."documentId";
END;
-- Versions are meant to be immutable; should one be edited or moved anyway, reindex both documents.
CREATE TRIGGER "search_version_bu" BEFORE UPDATE OF "body", "number", "documentId" ON "DocumentVersion" BEGIN
  INSERT INTO "search_document" ("search_document", rowid, title, body) SELECT 'delete', "id", "title", "body" FROM "search_document_source" WHERE "id" IN (old."documentId", new."documentId");
END;
CREATE TRIGGER "search_version_au" AFTER UPDATE OF "body", "number", "documentId" ON "DocumentVersion" BEGIN
  INSERT INTO "search_document" (rowid, title, body) SELECT "id", "title", "body" FROM "search_document_source" WHERE "id" IN (old."documentId", new."documentId");
END;

-- Documents that exist already.
INSERT INTO "search_document" ("search_document") VALUES ('rebuild');
