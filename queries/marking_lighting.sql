-- name: marking_lighting
-- kind: rule
-- rules: FAA-ML-200FT, FCC-PAINT
-- description: Structures over $height_threshold_ft ft with no marking/lighting recorded, and inspections whose lighting contradicts the FAA determination.
-- row: one finding per site and rule: FAA-ML-200FT (MARK_LIGHT_EXPECTED) or FCC-PAINT (MARKING_MISMATCH)
-- key: site_id, rule_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, height_ft, faa_marking_lighting, inspected_lighting_type
-- boundary: MARK_LIGHT_EXPECTED needs height_ft (greater of inspected and FAA height) strictly ABOVE the
--   threshold (200.0 is not), no FAA marking_lighting on file (an FAA study may waive lighting, so an FAA
--   'none' is respected) and no inspection lighting_type other than 'none'.
-- boundary: MARKING_MISMATCH compares the latest inspection's lighting_type with the latest FAA
--   determination's marking_lighting (both lowercase enumerations) at any height; a missing side is no mismatch,
--   nor is an FAA 'none' (the determination specifies no marking, so lighting added anyway contradicts nothing).
-- param: as_of DATE = today   (evaluation date: only documents dated on or before it count)
-- param: height_threshold_ft DOUBLE = 200   (FAA-ML-200FT: marking/lighting normally expected above this)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH s AS (
    SELECT site_id, zone,
           insp_height_ft AS inspected_height_ft, insp_height_doc, faa_height_ft, faa_height_doc AS faa_height_doc,
           faa_marking_lighting, faa_ml_doc, insp_lighting_type AS inspected_lighting_type,
           insp_lighting_doc AS insp_lt_doc
    FROM site_wide_at(CAST($as_of AS DATE))
),
findings AS (
    SELECT site_id, 'FAA-ML-200FT' AS rule_id, 'MARK_LIGHT_EXPECTED' AS tag, 'high' AS severity,
           list_sort(list_distinct(list_filter([insp_height_doc, faa_height_doc, insp_lt_doc], x -> x IS NOT NULL))) AS doc_ids,
           zone, greatest(inspected_height_ft, faa_height_ft) AS height_ft,
           faa_marking_lighting, inspected_lighting_type
    FROM s
    WHERE greatest(inspected_height_ft, faa_height_ft) > CAST($height_threshold_ft AS DOUBLE)
      AND faa_marking_lighting IS NULL
      AND coalesce(inspected_lighting_type, 'none') = 'none'
    UNION ALL
    SELECT site_id, 'FCC-PAINT', 'MARKING_MISMATCH', 'medium',
           list_filter([faa_ml_doc, insp_lt_doc], x -> x IS NOT NULL),
           zone, greatest(inspected_height_ft, faa_height_ft),
           faa_marking_lighting, inspected_lighting_type
    FROM s
    WHERE faa_marking_lighting IS NOT NULL AND faa_marking_lighting <> 'none' AND inspected_lighting_type IS NOT NULL
      AND faa_marking_lighting <> inspected_lighting_type
)
SELECT site_id, rule_id, tag, severity, CAST(NULL AS DATE) AS due_date, doc_ids,
       zone, height_ft, faa_marking_lighting, inspected_lighting_type
FROM findings
WHERE CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR)
ORDER BY site_id, rule_id;
