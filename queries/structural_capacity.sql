-- name: structural_capacity
-- kind: rule
-- rules: TIA-SA-RATING
-- description: Latest structural rating per site: pass up to 100 %, marginal up to $allowance_pct % on Rev H reports, fail above.
-- row: one site whose latest inspection (by inspection_date) states max_capacity_pct; passes only with include_pass
-- key: site_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, max_capacity_pct, rating, reported_result, inspection_date, tia_revision, notes
-- boundary: SA_PASS when max_capacity_pct <= 100; on a Rev H report (tia_revision h) SA_MARGINAL when
--   100 < pct <= allowance_pct (105: Rev H reports call 104.9 a pass) and SA_FAIL above; exactly 100.0 passes,
--   exactly 105.0 is marginal.
-- boundary: a Rev G or older report (tia_revision g or f) is judged conservatively: pass <= 100, fail above
--   (no marginal band). A report that states no revision takes the Rev H allowance and the row notes
--   'assumed: tia_revision=h (105% allowance)' (the allowance_pct in force).
-- param: as_of DATE = today   (evaluation date: only documents dated on or before it count)
-- param: allowance_pct DOUBLE = 105   (TIA-SA-RATING: upper bound of the marginal band on Rev H reports)
-- param: include_pass BOOLEAN = false   (also list passing sites, tagged SA_PASS)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH latest AS (
    SELECT w.site_id, w.zone, w.insp_capacity.doc_id AS doc_id, w.insp_capacity.pct AS max_capacity_pct,
           w.insp_capacity.result AS result, w.insp_capacity.date AS doc_date, f.tia_revision
    FROM site_wide_at(CAST($as_of AS DATE)) w
    LEFT JOIN doc_facts f ON f.doc_id = w.insp_capacity.doc_id
    WHERE w.insp_capacity IS NOT NULL
),
rated AS (
    SELECT *, CASE WHEN max_capacity_pct <= 100 THEN 'pass'
                   WHEN coalesce(tia_revision, 'h') = 'h' AND max_capacity_pct <= CAST($allowance_pct AS DOUBLE)
                   THEN 'marginal'
                   ELSE 'fail' END AS rating,
              CASE WHEN tia_revision IS NULL
                   THEN ['assumed: tia_revision=h (' || printf('%g', CAST($allowance_pct AS DOUBLE)) || '% allowance)']
                   ELSE CAST([] AS VARCHAR[]) END AS notes
    FROM latest
)
SELECT site_id,
       'TIA-SA-RATING' AS rule_id,
       'SA_' || upper(rating) AS tag,
       CASE rating WHEN 'fail' THEN 'high' WHEN 'marginal' THEN 'medium' ELSE 'info' END AS severity,
       CAST(NULL AS DATE) AS due_date,
       [doc_id] AS doc_ids,
       zone, max_capacity_pct, rating, result AS reported_result, doc_date AS inspection_date, tia_revision, notes
FROM rated
WHERE (rating <> 'pass' OR CAST($include_pass AS BOOLEAN))
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
ORDER BY site_id;
