-- 0008_change_log_scope (postgresql): hand-written SQL, the Prisma schema is unchanged. Data only.
-- Who may see a change is decided by its collection (src/services/change-log.ts). Deleting a
-- collection used to be recorded without one, which listed it to everyone: record it.
UPDATE "Change" SET "collectionId" = "nodeId" WHERE "nodeType" = 'Collection' AND "collectionId" IS NULL;

-- Ingest recorded the file it read by the path given on the command line, often an absolute path
-- of the curator's machine: keep only the file name (the last part after "/" or "\").
UPDATE "Change"
SET "after" = jsonb_set("after", '{source}', to_jsonb(regexp_replace("after"->>'source', '^.*[/\\]', '')))
WHERE "operation" = 'ingestDocument'
  AND jsonb_typeof("after") = 'object'
  AND ("after"->>'source' ~ '^/' OR "after"->>'source' ~ '^[A-Za-z]:[/\\]');

-- The same path stood in the ingested document's notes ("ingested from PATH"): the file name only.
UPDATE "Document"
SET "notes" = 'ingested from ' || regexp_replace(substr("notes", 15), '^.*[/\\]', '')
WHERE "notes" LIKE 'ingested from %'
  AND (substr("notes", 15) ~ '^/' OR substr("notes", 15) ~ '^[A-Za-z]:[/\\]');
