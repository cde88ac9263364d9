-- name: light_outages
-- kind: rule
-- rules: FCC-NOTAM-30M, FCC-REC-2Y
-- description: Field logs reporting a light outage in the last $lookback_days days (NOTAM and outage record due).
-- row: one field log with light_outage = yes and as_of - lookback_days < log_date <= as_of
-- key: site_id, doc_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, doc_id, log_date, technician, activity, asr_number, height_ft
-- boundary: due_date = log_date: a top or flashing light out for more than 30 minutes must be reported to
--   the FAA immediately. The logs carry no NOTAM times, so every outage is listed for review. The window
--   keeps FCC-REC-2Y's two years of records (730 days; a log exactly lookback_days old is outside).
-- boundary: asr_number and height_ft (latest inspection's, else FAA's) are what the NOTAM report needs.
-- param: as_of DATE = today   (evaluation date)
-- param: lookback_days INTEGER = 730   (FCC-REC-2Y: records kept two years)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH logs AS (
    SELECT site_id, zone, doc_id, doc_date AS log_date, technician, activity
    FROM doc_facts
    WHERE doc_type = 'field_log' AND site_id IS NOT NULL AND light_outage = 'yes'
      AND doc_date <= CAST($as_of AS DATE)
      AND doc_date > CAST($as_of AS DATE) - CAST($lookback_days AS INTEGER)
      AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
),
site AS (
    SELECT site_id, insp_asr_number AS asr_number, coalesce(insp_height_ft, faa_height_ft) AS height_ft
    FROM site_wide
    WHERE site_id IN (SELECT site_id FROM logs)
)
SELECT l.site_id,
       'FCC-NOTAM-30M' AS rule_id,
       'LIGHT_OUTAGE' AS tag,
       'high' AS severity,
       l.log_date AS due_date,
       [l.doc_id] AS doc_ids,
       l.zone, l.doc_id, l.log_date, l.technician, l.activity,
       s.asr_number,
       s.height_ft
FROM logs l LEFT JOIN site s USING (site_id)
ORDER BY l.log_date DESC, l.site_id, l.doc_id;
