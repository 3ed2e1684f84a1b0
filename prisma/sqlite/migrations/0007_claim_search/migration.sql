-- 0007_claim_search (sqlite): hand-written SQL, the Prisma schema is unchanged.
-- Name every object it creates with an agreed prefix (search_…) so the drift test leaves it out.

-- Full-text search over claims (issue 8): the words of the span that states each claim. A claim's
-- value as written always occurs in its span (curation and the seed loader refuse anything else),
-- so the span covers it. Read by src/db/search/sqlite.ts only.
--
-- Unlike search_document this FTS5 table keeps its own copy of the (short) texts, so a row can be
-- removed by rowid alone: a claim deleted by cascade from its span or document no longer has a
-- span to read the indexed text back from. rowid = Claim.id. Same tokenizer as search_document.
CREATE VIRTUAL TABLE "search_claim" USING fts5(
  exact,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER "search_claim_ai" AFTER INSERT ON "Claim" BEGIN
  INSERT INTO "search_claim" (rowid, exact) SELECT new."id", s."exact" FROM "Span" s WHERE s."id" = new."spanId";
END;
CREATE TRIGGER "search_claim_au" AFTER UPDATE OF "spanId" ON "Claim" WHEN old."spanId" IS NOT new."spanId" BEGIN
  DELETE FROM "search_claim" WHERE rowid = old."id";
  INSERT INTO "search_claim" (rowid, exact) SELECT new."id", s."exact" FROM "Span" s WHERE s."id" = new."spanId";
END;
CREATE TRIGGER "search_claim_ad" AFTER DELETE ON "Claim" BEGIN
  DELETE FROM "search_claim" WHERE rowid = old."id";
END;
-- Re-anchoring may rewrite a span's exact text (a fuzzy match in a new version).
CREATE TRIGGER "search_claim_span_au" AFTER UPDATE OF "exact" ON "Span" WHEN old."exact" IS NOT new."exact" BEGIN
  DELETE FROM "search_claim" WHERE rowid IN (SELECT "id" FROM "Claim" WHERE "spanId" = new."id");
  INSERT INTO "search_claim" (rowid, exact) SELECT c."id", new."exact" FROM "Claim" c WHERE c."spanId" = new."id";
END;

-- Claims that exist already.
INSERT INTO "search_claim" (rowid, exact) SELECT c."id", s."exact" FROM "Claim" c JOIN "Span" s ON s."id" = c."spanId";
