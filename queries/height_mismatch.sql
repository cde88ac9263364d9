-- name: height_mismatch
-- kind: rule
-- rules: FCC-ASR-DNH, FCC-854R-5D, ZON-SUBST
-- description: Inspected structure height above the FAA-determined height or the permit's approved height.
-- row: one finding per site and comparison: HEIGHT_EXCEEDS_FAA (rule FCC-ASR-DNH) or HEIGHT_EXCEEDS_PERMIT (ZON-SUBST)
-- key: site_id, rule_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, inspected_height_ft, reference_height_ft, excess_ft
-- boundary: a finding needs inspected_height_ft - reference_height_ft > tolerance_ft (strictly; default 0.5,
--   half a foot of rounding): equal heights, a metres-derived 200.0 against a stated 200, or 201.2 against 201
--   are no finding; 201.6 against 201 is. Latest inspection height vs the
--   latest FAA determination's structure_height_ft and the latest permit's approved_height_ft, each by
--   its document's own date. A missing side is no finding.
-- param: tolerance_ft DOUBLE = 0.5   (allowed excess: FAA letters and permits state whole feet, so 201.2 ft against 201 is rounding)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH s AS (
    SELECT site_id, zone, insp_height_ft AS inspected_height_ft, insp_height_doc AS insp_doc,
           faa_height_ft, faa_height_doc AS faa_doc, permit_height_ft, permit_height_doc AS permit_doc
    FROM site_wide
),
findings AS (
    SELECT site_id, 'FCC-ASR-DNH' AS rule_id, 'HEIGHT_EXCEEDS_FAA' AS tag, [insp_doc, faa_doc] AS doc_ids,
           zone, inspected_height_ft, faa_height_ft AS reference_height_ft
    FROM s WHERE inspected_height_ft - faa_height_ft > CAST($tolerance_ft AS DOUBLE)
    UNION ALL
    SELECT site_id, 'ZON-SUBST', 'HEIGHT_EXCEEDS_PERMIT', [insp_doc, permit_doc],
           zone, inspected_height_ft, permit_height_ft
    FROM s WHERE inspected_height_ft - permit_height_ft > CAST($tolerance_ft AS DOUBLE)
)
SELECT site_id, rule_id, tag, 'high' AS severity, CAST(NULL AS DATE) AS due_date, doc_ids,
       zone, inspected_height_ft, reference_height_ft,
       round(inspected_height_ft - reference_height_ft, 1) AS excess_ft
FROM findings
WHERE CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR)
ORDER BY site_id, rule_id;
