-- name: lease_notice_windows
-- kind: rule
-- rules: LEASE-TERM
-- description: Leases whose last day to give notice (expiration - notice_days) falls within $horizon_days days.
-- row: one lease (effective terms, see lease_terms) whose notice window closes between as_of and as_of + horizon_days
-- key: site_id, lease_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, lease_id, expiration_date, notice_days, days_left, renewals_remaining
-- boundary: notice_deadline (due_date) = expiration_date - notice_days days: the last day notice can still
--   be given. Listed when as_of <= due_date <= as_of + horizon_days (both inclusive); a window that
--   closed before as_of is not listed. Leases without an expiration_date or notice_days are skipped.
-- boundary: severity high when 30 days or fewer remain, else medium.
-- param: as_of DATE = today   (evaluation date)
-- param: horizon_days INTEGER = 90   (how far ahead to look)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH w AS (
    SELECT *, CAST(expiration_date - CAST(notice_days AS INTEGER) AS DATE) AS notice_deadline
    FROM lease_effective
    WHERE expiration_date IS NOT NULL AND notice_days IS NOT NULL
)
SELECT site_id,
       'LEASE-TERM' AS rule_id,
       'NOTICE_WINDOW_CLOSING' AS tag,
       CASE WHEN notice_deadline - CAST($as_of AS DATE) <= 30 THEN 'high' ELSE 'medium' END AS severity,
       notice_deadline AS due_date,
       list_sort(list_distinct(list_filter([expiration_doc_id, notice_doc_id], x -> x IS NOT NULL))) AS doc_ids,
       zone, lease_id, expiration_date, CAST(notice_days AS INTEGER) AS notice_days,
       CAST(date_diff('day', CAST($as_of AS DATE), notice_deadline) AS INTEGER) AS days_left,
       CAST(renewals_remaining AS INTEGER) AS renewals_remaining
FROM w
WHERE notice_deadline BETWEEN CAST($as_of AS DATE) AND CAST($as_of AS DATE) + CAST($horizon_days AS INTEGER)
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
ORDER BY due_date, site_id, lease_id;
