-- name: quarantine_backlog
-- kind: report
-- description: Documents waiting in quarantine for review, oldest first, with how long they have waited.
-- row: one pending quarantine entry
-- key: doc_id
-- columns: doc_id, site_id, zone, doc_type, issuer, template_id, reasons, queued_at, age_days, path
-- boundary: pending only (approved/rejected entries are resolved); age_days = whole days from queued_at's date to as_of.
-- param: as_of DATE = today   (evaluation date)
-- param: zone VARCHAR = NULL   (restrict to one zone)
SELECT q.doc_id, d.site_id, d.zone, d.doc_type, d.issuer, d.template_id, q.reasons, q.queued_at,
       CAST(date_diff('day', CAST(q.queued_at AS DATE), CAST($as_of AS DATE)) AS INTEGER) AS age_days,
       d.path
FROM quarantine q LEFT JOIN documents d USING (doc_id)
WHERE coalesce(q.status, 'pending') = 'pending'
  AND (CAST($zone AS VARCHAR) IS NULL OR d.zone = CAST($zone AS VARCHAR))
ORDER BY q.queued_at, q.doc_id;
