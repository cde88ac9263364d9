-- name: height_mismatch
-- kind: rule
-- rules: FCC-ASR-DNH, FCC-854R-5D, ZON-SUBST
-- description: Inspected structure height above the FAA-determined height, or a substantial change above the permit's approved height.
-- row: one finding per site and comparison: HEIGHT_EXCEEDS_FAA (rule FCC-ASR-DNH) or HEIGHT_EXCEEDS_PERMIT (ZON-SUBST)
-- key: site_id, rule_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, inspected_height_ft, reference_height_ft, excess_ft, threshold_ft, notes
-- boundary: HEIGHT_EXCEEDS_FAA needs inspected_height_ft - faa height > tolerance_ft (strictly; default 0.5,
--   half a foot of rounding): equal heights, a metres-derived 200.0 against a stated 200, or 201.2 against 201
--   are no finding; 201.6 against 201 is.
-- boundary: HEIGHT_EXCEEDS_PERMIT (ZON-SUBST) is a substantial change in height: for a tower outside the
--   public right-of-way, more than +subst_pct % of the approved height or +subst_tower_ft (one array),
--   whichever is greater; for other structures more than subst_pct % or subst_other_ft, whichever is
--   greater. Strictly more: exactly +20 ft on a 150 ft tower, or exactly +10% on a 300 ft tower, is no
--   finding. threshold_ft is the allowed increase. Whether a site is in the right-of-way is not extracted:
--   every site is taken as a tower outside it (the catalog's structure types are all towers) unless
--   in_right_of_way is set, and the finding notes 'assumed: tower outside the public right-of-way'.
-- boundary: latest inspection height vs the latest FAA determination's structure_height_ft and the latest
--   permit's approved_height_ft, each by its document's own date. A missing side is no finding.
-- param: as_of DATE = today   (evaluation date: only documents dated on or before it count)
-- param: tolerance_ft DOUBLE = 0.5   (allowed excess over the FAA height: letters state whole feet, so 201.2 ft against 201 is rounding)
-- param: subst_pct DOUBLE = 10   (ZON-SUBST: a height increase above this percentage of the approved height is substantial)
-- param: subst_tower_ft DOUBLE = 20   (ZON-SUBST: non-ROW tower, one added array of at most 20 ft separation)
-- param: subst_other_ft DOUBLE = 10   (ZON-SUBST: other structures, including those in the public right-of-way)
-- param: in_right_of_way BOOLEAN = false   (treat every site as in the public right-of-way: the other-structure test applies)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH s AS (
    SELECT site_id, zone, insp_height_ft AS inspected_height_ft, insp_height_doc AS insp_doc,
           faa_height_ft, faa_height_doc AS faa_doc, permit_height_ft, permit_height_doc AS permit_doc,
           greatest(permit_height_ft * CAST($subst_pct AS DOUBLE) / 100.0,
                    CASE WHEN CAST($in_right_of_way AS BOOLEAN) THEN CAST($subst_other_ft AS DOUBLE)
                         ELSE CAST($subst_tower_ft AS DOUBLE) END) AS subst_ft
    FROM site_wide_at(CAST($as_of AS DATE))
),
findings AS (
    SELECT site_id, 'FCC-ASR-DNH' AS rule_id, 'HEIGHT_EXCEEDS_FAA' AS tag, [insp_doc, faa_doc] AS doc_ids,
           zone, inspected_height_ft, faa_height_ft AS reference_height_ft,
           CAST($tolerance_ft AS DOUBLE) AS threshold_ft, CAST([] AS VARCHAR[]) AS notes
    FROM s WHERE inspected_height_ft - faa_height_ft > CAST($tolerance_ft AS DOUBLE)
    UNION ALL
    SELECT site_id, 'ZON-SUBST', 'HEIGHT_EXCEEDS_PERMIT', [insp_doc, permit_doc],
           zone, inspected_height_ft, permit_height_ft, round(subst_ft, 1),
           CASE WHEN CAST($in_right_of_way AS BOOLEAN) THEN CAST([] AS VARCHAR[])
                ELSE ['assumed: tower outside the public right-of-way'] END
    FROM s WHERE inspected_height_ft - permit_height_ft > subst_ft
)
SELECT site_id, rule_id, tag, 'high' AS severity, CAST(NULL AS DATE) AS due_date, doc_ids,
       zone, inspected_height_ft, reference_height_ft,
       round(inspected_height_ft - reference_height_ft, 1) AS excess_ft, threshold_ft, notes
FROM findings
WHERE CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR)
ORDER BY site_id, rule_id;
