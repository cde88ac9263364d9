-- name: asr_format_invalid
-- kind: rule
-- rules: FCC-ASR-POST
-- description: Sites whose ASR number on file is not seven digits.
-- row: one site whose latest inspection asr_number does not match ^[0-9]{7}$
-- key: site_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, asr_numbers
-- boundary: checks the latest asr_number stated by a structural inspection (the only document type that
--   carries one); surrounding blanks are not forgiven; no due date (the sign must be right now).
-- param: as_of DATE = today   (evaluation date: only documents dated on or before it count)
-- param: zone VARCHAR = NULL   (restrict to one zone)
SELECT site_id,
       'FCC-ASR-POST' AS rule_id,
       'ASR_FORMAT_INVALID' AS tag,
       'medium' AS severity,
       CAST(NULL AS DATE) AS due_date,
       [insp_asr_doc] AS doc_ids,
       zone,
       [insp_asr_number] AS asr_numbers
FROM site_wide_at(CAST($as_of AS DATE))
WHERE insp_asr_number IS NOT NULL
  AND NOT regexp_full_match(insp_asr_number, '[0-9]{7}')
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
ORDER BY site_id;
