-- 0005_full_text_search (postgresql): hand-written SQL, the Prisma schema is unchanged.
-- Name every object it creates with an agreed prefix (search_…) so the drift test leaves it out.

-- Full-text search over documents (issue 8). Read by src/db/search/postgres.ts only.
--
-- search_document holds one weighted tsvector per document: its title (weight A) and the body of
-- its current version (the highest number; weight B). Bodies already exclude boilerplate. A
-- generated column cannot read two tables, so triggers keep the row up to date, recomputing it
-- from Document and DocumentVersion whenever either changes. The 'simple' configuration (no stop
-- words, no stemming) matches SQLite's unicode61 tokenizer; search_fold() removes accents so
-- "Mojahedin" matches "Mojāhedin" and back.

-- unaccent where the server allows it (a trusted extension since PostgreSQL 13); otherwise
-- Unicode decomposition without combining marks, which covers Latin, Greek and Cyrillic accents.
DO $$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'unaccent unavailable (%), search folds accents with normalize()', SQLERRM;
  END;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
    EXECUTE format(
      'CREATE FUNCTION search_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS %L',
      format('SELECT lower(%I.unaccent(%L::regdictionary, value))',
             (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'),
             (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent') || '.unaccent'));
  ELSE
    CREATE FUNCTION search_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $f$ SELECT lower(regexp_replace(normalize(value, NFKD), '[\u0300-\u036f]', '', 'g')) $f$;
  END IF;
END
$$;

CREATE FUNCTION search_document_vector(title text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('simple', search_fold(coalesce(title, ''))), 'A') || setweight(to_tsvector('simple', search_fold(coalesce(body, ''))), 'B') $$;

CREATE TABLE "search_document" (
  "documentId" INTEGER NOT NULL PRIMARY KEY REFERENCES "Document" ("id") ON DELETE CASCADE,
  "tsv" tsvector NOT NULL
);
CREATE INDEX "search_document_tsv_idx" ON "search_document" USING GIN ("tsv");

-- Recomputes one document's row; does nothing once the document is gone (its row goes by cascade).
CREATE FUNCTION search_document_refresh(document integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "search_document" ("documentId", "tsv")
  SELECT d."id", search_document_vector(d."title", (SELECT v."body" FROM "DocumentVersion" v WHERE v."documentId" = d."id" ORDER BY v."number" DESC LIMIT 1))
  FROM "Document" d WHERE d."id" = document
  ON CONFLICT ("documentId") DO UPDATE SET "tsv" = excluded."tsv"
$$;

CREATE FUNCTION search_document_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'Document' THEN
    PERFORM search_document_refresh(NEW."id");
  ELSE
    IF TG_OP <> 'DELETE' THEN PERFORM search_document_refresh(NEW."documentId"); END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD."documentId" <> NEW."documentId") THEN PERFORM search_document_refresh(OLD."documentId"); END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "search_document_ai" AFTER INSERT ON "Document" FOR EACH ROW EXECUTE FUNCTION search_document_trigger();
CREATE TRIGGER "search_document_au" AFTER UPDATE OF "title" ON "Document" FOR EACH ROW WHEN (OLD."title" IS DISTINCT FROM NEW."title") EXECUTE FUNCTION search_document_trigger();
CREATE TRIGGER "search_version_aiud" AFTER INSERT OR DELETE OR UPDATE OF "body", "number", "documentId" ON "DocumentVersion" FOR EACH ROW EXECUTE FUNCTION search_document_trigger();

-- Documents that exist already.
INSERT INTO "search_document" ("documentId", "tsv")
SELECT d."id", search_document_vector(d."title", (SELECT v."body" FROM "DocumentVersion" v WHERE v."documentId" = d."id" ORDER BY v."number" DESC LIMIT 1))
FROM "Document" d;
