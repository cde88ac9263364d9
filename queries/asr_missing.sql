-- name: asr_missing
-- kind: rule
-- rules: FCC-ASR-REQ, FAA-NOTICE-200FT
-- description: Structures over $height_threshold_ft ft AGL with no ASR number on file.
-- row: one site that needs an antenna structure registration and has none on file
-- key: site_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, height_ft, inspected_height_ft, faa_height_ft
-- boundary: notice (and so an ASR) is required ABOVE the threshold: exactly 200.0 ft is not over.
-- boundary: height_ft is the greater of the latest inspection's and the latest FAA determination's
--   structure_height_ft (either alone suffices); heights are already in ft (metres converted at ingest).
-- boundary: an ASR is on file when any ingested document of the site states an asr_number with a digit
--   (a malformed one is asr_format_invalid's business, not a missing ASR).
-- param: as_of DATE = today   (evaluation date: only documents dated on or before it count)
-- param: height_threshold_ft DOUBLE = 200   (FAA-NOTICE-200FT: notice required above this height)
-- param: zone VARCHAR = NULL   (restrict to one zone)
SELECT site_id,
       'FCC-ASR-REQ' AS rule_id,
       'ASR_MISSING' AS tag,
       'high' AS severity,
       CAST(NULL AS DATE) AS due_date,
       list_filter([insp_height_doc, faa_height_doc], x -> x IS NOT NULL) AS doc_ids,
       zone,
       greatest(insp_height_ft, faa_height_ft) AS height_ft,
       insp_height_ft AS inspected_height_ft,
       faa_height_ft
FROM site_wide_at(CAST($as_of AS DATE))
WHERE NOT has_asr
  AND greatest(insp_height_ft, faa_height_ft) > CAST($height_threshold_ft AS DOUBLE)
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
ORDER BY site_id;
