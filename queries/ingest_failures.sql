-- name: ingest_failures
-- kind: report
-- description: Files whose latest ingest attempt failed, with the error, newest first.
-- row: one path whose most recent document_paths outcome is failed
-- key: path
-- columns: path, doc_id, zone, doc_type, error_kind, error, run_id, seen_at
-- boundary: a path that failed once and was ingested (or found duplicate) later is not listed.
-- param: since DATE = NULL   (only failures seen on or after this date)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH last AS (
    SELECT *
    FROM document_paths
    WHERE path IN (SELECT path FROM document_paths WHERE outcome = 'failed')
    QUALIFY row_number() OVER (PARTITION BY path ORDER BY seen_at DESC NULLS LAST, run_id DESC) = 1
)
SELECT l.path, l.doc_id, coalesce(l.zone, d.zone) AS zone, d.doc_type, d.error_kind,
       coalesce(d.error, l.reason) AS error, l.run_id, l.seen_at
FROM last l LEFT JOIN documents d USING (doc_id)
WHERE l.outcome = 'failed'
  AND (CAST($since AS DATE) IS NULL OR l.seen_at >= CAST($since AS DATE))
  AND (CAST($zone AS VARCHAR) IS NULL OR coalesce(l.zone, d.zone) = CAST($zone AS VARCHAR))
ORDER BY l.seen_at DESC NULLS LAST, l.path;
