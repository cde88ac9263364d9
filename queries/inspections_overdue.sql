-- name: inspections_overdue
-- kind: rule
-- rules: TIA-INSP
-- description: Structures whose periodic TIA-222 inspection is overdue or falls due within $horizon_days days.
-- row: one site whose next inspection (latest inspection_date + interval for its structure_type) is due by as_of + horizon_days
-- key: site_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, structure_type, last_inspection_date, interval_years, days_left, stated_next_date, notes
-- boundary: due_date = last inspection_date + interval_years (guyed_years for guyed; self_supporting_years
--   for self_supporting and monopole), or the next inspection date the latest report states when that is
--   sooner (TIA-INSP: shorter for Class III, coastal, corrosive or vandalised sites, which the inspecting
--   engineer states). With the structure type unknown, the stated next date governs; without one either,
--   the shorter guyed interval is assumed and the row notes it.
-- boundary: INSPECTION_OVERDUE when due_date < as_of (the due date itself is still on time);
--   INSPECTION_DUE when as_of <= due_date <= as_of + horizon_days (inclusive).
-- boundary: sites with an inspection document but no inspection_date fall back to that document's
--   ingestion date (doc_date).
-- param: as_of DATE = today   (evaluation date)
-- param: horizon_days INTEGER = 90   (how far ahead to look)
-- param: guyed_years INTEGER = 3   (TIA-INSP interval for guyed towers)
-- param: self_supporting_years INTEGER = 5   (TIA-INSP interval for self-supporting towers and monopoles)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH last AS (
    SELECT w.site_id, w.zone, w.insp_last.doc_id AS doc_id, w.insp_last.date AS last_date, w.structure_type,
           f.next_inspection_date AS stated_next_date
    FROM site_wide_at(CAST($as_of AS DATE)) w
    LEFT JOIN doc_facts f ON f.doc_id = w.insp_last.doc_id
    WHERE w.insp_last IS NOT NULL
),
due AS (
    SELECT site_id, zone, doc_id, structure_type, last_date AS last_inspection_date, stated_next_date,
           CASE WHEN structure_type IN ('self_supporting', 'monopole')
                THEN CAST($self_supporting_years AS INTEGER)
                ELSE CAST($guyed_years AS INTEGER) END AS interval_years
    FROM last
),
dated AS (
    SELECT *,
           CASE WHEN structure_type IS NULL AND stated_next_date IS NOT NULL THEN stated_next_date
                ELSE least(CAST(last_inspection_date + to_years(interval_years) AS DATE),
                           coalesce(stated_next_date, DATE '9999-12-31')) END AS due_date,
           CASE WHEN structure_type IS NULL AND stated_next_date IS NULL
                THEN ['assumed: structure_type=guyed (the shorter interval)']
                ELSE CAST([] AS VARCHAR[]) END AS notes
    FROM due
)
SELECT site_id,
       'TIA-INSP' AS rule_id,
       CASE WHEN due_date < CAST($as_of AS DATE) THEN 'INSPECTION_OVERDUE' ELSE 'INSPECTION_DUE' END AS tag,
       CASE WHEN due_date < CAST($as_of AS DATE) THEN 'high' ELSE 'low' END AS severity,
       due_date,
       [doc_id] AS doc_ids,
       zone, structure_type, last_inspection_date, interval_years,
       CAST(date_diff('day', CAST($as_of AS DATE), due_date) AS INTEGER) AS days_left,
       stated_next_date, notes
FROM dated
WHERE due_date <= CAST($as_of AS DATE) + CAST($horizon_days AS INTEGER)
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
ORDER BY due_date, site_id;
