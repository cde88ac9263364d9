-- name: lease_expirations
-- kind: rule
-- rules: LEASE-TERM
-- description: Leases whose current term ends within $horizon_days days.
-- row: one lease (effective terms) whose expiration_date is between as_of and as_of + horizon_days
-- key: site_id, lease_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, lease_id, expiration_date, days_left, renewals_remaining, renewal_term_years
-- boundary: as_of <= expiration_date <= as_of + horizon_days (inclusive); leases already expired are not
--   listed. Severity high when no renewals remain (renewals_remaining = 0), else low.
-- param: as_of DATE = today   (evaluation date)
-- param: horizon_days INTEGER = 90   (how far ahead to look)
-- param: zone VARCHAR = NULL   (restrict to one zone)
SELECT site_id,
       'LEASE-TERM' AS rule_id,
       'NEXT_TERM_END' AS tag,
       CASE WHEN renewals_remaining = 0 THEN 'high' ELSE 'low' END AS severity,
       expiration_date AS due_date,
       [expiration_doc_id] AS doc_ids,
       zone, lease_id, expiration_date,
       CAST(date_diff('day', CAST($as_of AS DATE), expiration_date) AS INTEGER) AS days_left,
       CAST(renewals_remaining AS INTEGER) AS renewals_remaining,
       CAST(renewal_term_years AS INTEGER) AS renewal_term_years
FROM lease_effective
WHERE expiration_date BETWEEN CAST($as_of AS DATE) AND CAST($as_of AS DATE) + CAST($horizon_days AS INTEGER)
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
ORDER BY due_date, site_id, lease_id;
