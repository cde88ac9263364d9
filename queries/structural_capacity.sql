-- name: structural_capacity
-- kind: rule
-- rules: TIA-SA-RATING
-- description: Latest structural rating per site: pass up to 100 %, marginal up to $allowance_pct %, fail above.
-- row: one site whose latest inspection (by inspection_date) states max_capacity_pct; passes only with include_pass
-- key: site_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, max_capacity_pct, rating, reported_result, inspection_date
-- boundary: SA_PASS when max_capacity_pct <= 100; SA_MARGINAL when 100 < pct <= allowance_pct (105:
--   Rev H reports call 104.9 a pass); SA_FAIL when pct > allowance_pct. Exactly 100.0 passes, exactly 105.0 is marginal.
-- param: as_of DATE = today   (evaluation date: only documents dated on or before it count)
-- param: allowance_pct DOUBLE = 105   (TIA-SA-RATING: upper bound of the marginal band)
-- param: include_pass BOOLEAN = false   (also list passing sites, tagged SA_PASS)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH latest AS (
    SELECT site_id, zone, insp_capacity.doc_id AS doc_id, insp_capacity.pct AS max_capacity_pct,
           insp_capacity.result AS result, insp_capacity.date AS doc_date
    FROM site_wide_at(CAST($as_of AS DATE))
    WHERE insp_capacity IS NOT NULL
),
rated AS (
    SELECT *, CASE WHEN max_capacity_pct <= 100 THEN 'pass'
                   WHEN max_capacity_pct <= CAST($allowance_pct AS DOUBLE) THEN 'marginal'
                   ELSE 'fail' END AS rating
    FROM latest
)
SELECT site_id,
       'TIA-SA-RATING' AS rule_id,
       'SA_' || upper(rating) AS tag,
       CASE rating WHEN 'fail' THEN 'high' WHEN 'marginal' THEN 'medium' ELSE 'info' END AS severity,
       CAST(NULL AS DATE) AS due_date,
       [doc_id] AS doc_ids,
       zone, max_capacity_pct, rating, result AS reported_result, doc_date AS inspection_date
FROM rated
WHERE (rating <> 'pass' OR CAST($include_pass AS BOOLEAN))
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
ORDER BY site_id;
