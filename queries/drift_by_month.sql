-- name: drift_by_month
-- kind: report
-- description: Layout drift events per month, document type, kind and severity.
-- row: one (month, doc_type, kind, severity) with its event and document counts
-- key: month, doc_type, kind, severity
-- columns: month, doc_type, kind, severity, events, documents, fields
-- boundary: month is the first day of the month of detected_at; events with detected_at before since are left out.
-- param: since DATE = NULL   (only events detected on or after this date)
-- param: zone VARCHAR = NULL   (restrict to one zone)
SELECT CAST(date_trunc('month', e.detected_at) AS DATE) AS month,
       coalesce(d.doc_type, 'unknown') AS doc_type,
       coalesce(e.kind, 'unknown') AS kind,
       coalesce(e.severity, 'unknown') AS severity,
       count(*) AS events,
       count(DISTINCT e.doc_id) AS documents,
       list(DISTINCT e.field ORDER BY e.field) FILTER (WHERE e.field IS NOT NULL) AS fields
FROM drift_events e LEFT JOIN documents d USING (doc_id)
WHERE (CAST($since AS DATE) IS NULL OR e.detected_at >= CAST($since AS DATE))
  AND (CAST($zone AS VARCHAR) IS NULL OR d.zone = CAST($zone AS VARCHAR))
GROUP BY ALL
ORDER BY month, doc_type, kind, severity;
