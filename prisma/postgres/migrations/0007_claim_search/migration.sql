-- 0007_claim_search (postgresql): hand-written SQL, the Prisma schema is unchanged.
-- Name every object it creates with an agreed prefix (search_…) so the drift test leaves it out.

-- Full-text search over claims (issue 8): one tsvector per claim from the words of the span that
-- states it (a claim's value as written always occurs in its span: curation and the seed loader
-- refuse anything else), accents folded by search_fold() from 0005_full_text_search, the 'simple'
-- configuration as for documents. Read by src/db/search/postgres.ts only. Triggers keep it up to
-- date; a claim's row goes with it by cascade.
CREATE FUNCTION search_claim_vector(exact text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT to_tsvector('simple', search_fold(coalesce(exact, ''))) $$;

CREATE TABLE "search_claim" (
  "claimId" INTEGER NOT NULL PRIMARY KEY REFERENCES "Claim" ("id") ON DELETE CASCADE,
  "tsv" tsvector NOT NULL
);
CREATE INDEX "search_claim_tsv_idx" ON "search_claim" USING GIN ("tsv");

CREATE FUNCTION search_claim_refresh_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "search_claim" ("claimId", "tsv")
  SELECT NEW."id", search_claim_vector(s."exact") FROM "Span" s WHERE s."id" = NEW."spanId"
  ON CONFLICT ("claimId") DO UPDATE SET "tsv" = excluded."tsv";
  RETURN NULL;
END
$$;

-- Re-anchoring may rewrite a span's exact text (a fuzzy match in a new version).
CREATE FUNCTION search_claim_refresh_span() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "search_claim" sc SET "tsv" = search_claim_vector(NEW."exact")
  FROM "Claim" c WHERE c."spanId" = NEW."id" AND sc."claimId" = c."id";
  RETURN NULL;
END
$$;

CREATE TRIGGER "search_claim_ai" AFTER INSERT ON "Claim" FOR EACH ROW EXECUTE FUNCTION search_claim_refresh_claim();
CREATE TRIGGER "search_claim_au" AFTER UPDATE OF "spanId" ON "Claim" FOR EACH ROW WHEN (OLD."spanId" IS DISTINCT FROM NEW."spanId") EXECUTE FUNCTION search_claim_refresh_claim();
CREATE TRIGGER "search_claim_span_au" AFTER UPDATE OF "exact" ON "Span" FOR EACH ROW WHEN (OLD."exact" IS DISTINCT FROM NEW."exact") EXECUTE FUNCTION search_claim_refresh_span();

-- Claims that exist already.
INSERT INTO "search_claim" ("claimId", "tsv")
SELECT c."id", search_claim_vector(s."exact") FROM "Claim" c JOIN "Span" s ON s."id" = c."spanId";
