-- name: faa_determination_expiring
-- kind: rule
-- rules: FAA-DNH-18M, FCC-ASR-DNH
-- description: FAA Determinations of No Hazard that have expired or expire within $horizon_days days.
-- row: one site whose latest FAA determination (by determination_date) is an expired or expiring DNH
-- key: site_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, asn, determination, determination_date, expiration_date, expiration_derived, days_left
-- boundary: a DNH is valid through its expiration_date: DNH_EXPIRED when expiration_date < as_of;
--   DNH_EXPIRING when as_of <= expiration_date <= as_of + horizon_days (both ends inclusive).
-- boundary: a Determination of Hazard ('hazard') never expires and is never listed. Without an
--   expiration_date on file it is determination_date + validity_months (expiration_derived = true).
-- param: as_of DATE = today   (evaluation date)
-- param: horizon_days INTEGER = 90   (how far ahead to look)
-- param: validity_months INTEGER = 18   (FAA-DNH-18M: validity when the letter states no expiration)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH latest AS (
    SELECT site_id, zone, faa_last.doc_id AS doc_id, faa_last.asn AS asn, faa_last.determination AS determination,
           faa_last.determination_date AS determination_date, faa_last.expiration_date AS expiration_date
    FROM site_wide
    WHERE faa_last IS NOT NULL
),
dated AS (
    SELECT *,
           coalesce(expiration_date,
                    CAST(determination_date + to_months(CAST($validity_months AS INTEGER)) AS DATE)) AS expires,
           expiration_date IS NULL AS expiration_derived
    FROM latest
    WHERE coalesce(determination, 'no_hazard') <> 'hazard'
)
SELECT site_id,
       'FAA-DNH-18M' AS rule_id,
       CASE WHEN expires < CAST($as_of AS DATE) THEN 'DNH_EXPIRED' ELSE 'DNH_EXPIRING' END AS tag,
       CASE WHEN expires < CAST($as_of AS DATE) THEN 'high' ELSE 'medium' END AS severity,
       expires AS due_date,
       [doc_id] AS doc_ids,
       zone, asn, determination, determination_date,
       expires AS expiration_date,
       expiration_derived,
       CAST(date_diff('day', CAST($as_of AS DATE), expires) AS INTEGER) AS days_left
FROM dated
WHERE expires <= CAST($as_of AS DATE) + CAST($horizon_days AS INTEGER)
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
ORDER BY due_date, site_id;
