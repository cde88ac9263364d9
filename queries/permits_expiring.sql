-- name: permits_expiring
-- kind: rule
-- rules: ZON-DENIAL
-- description: Municipal permits that expire within $horizon_days days, or have expired.
-- row: one permit (site_id, permit_number), as stated by its latest document (by issue_date)
-- key: site_id, permit_number
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, permit_number, permit_type, jurisdiction, permit_status, expiration_date, days_left
-- boundary: PERMIT_EXPIRING when as_of <= expiration_date <= as_of + horizon_days (inclusive; a permit is
--   valid through its expiration date); PERMIT_EXPIRED when expiration_date < as_of, whatever the status
--   the document records (ZON-DENIAL names the expiration as the input: a permit recorded as expired or
--   finaled is still one the site no longer holds; the status is shown for the reader to judge). Only
--   documents dated on or before as_of count.
-- param: as_of DATE = today   (evaluation date)
-- param: horizon_days INTEGER = 90   (how far ahead to look)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH latest AS (
    SELECT site_id, zone, doc_id, permit_number, permit_type, jurisdiction, permit_status, expiration_date
    FROM doc_facts
    WHERE doc_type = 'municipal_permit' AND site_id IS NOT NULL AND permit_number IS NOT NULL
      AND doc_date <= CAST($as_of AS DATE)
    QUALIFY row_number() OVER (PARTITION BY site_id, permit_number ORDER BY doc_date DESC NULLS LAST,
                               ingested_at DESC NULLS LAST, doc_id DESC) = 1
)
SELECT site_id,
       'ZON-DENIAL' AS rule_id,
       CASE WHEN expiration_date < CAST($as_of AS DATE) THEN 'PERMIT_EXPIRED' ELSE 'PERMIT_EXPIRING' END AS tag,
       CASE WHEN expiration_date < CAST($as_of AS DATE) THEN 'high' ELSE 'medium' END AS severity,
       expiration_date AS due_date,
       [doc_id] AS doc_ids,
       zone, permit_number, permit_type, jurisdiction, permit_status, expiration_date,
       CAST(date_diff('day', CAST($as_of AS DATE), expiration_date) AS INTEGER) AS days_left
FROM latest
WHERE ((expiration_date BETWEEN CAST($as_of AS DATE) AND CAST($as_of AS DATE) + CAST($horizon_days AS INTEGER))
       OR expiration_date < CAST($as_of AS DATE))
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
ORDER BY due_date, site_id, permit_number;
