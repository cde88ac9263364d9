-- name: asr_format_invalid
-- kind: rule
-- rules: FCC-ASR-POST
-- description: Sites whose ASR number on file is not seven digits.
-- row: one site with at least one latest-per-document-type asr_number that does not match ^[0-9]{7}$
-- key: site_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, asr_numbers
-- boundary: checks the latest asr_number of each document type (inspection, FAA determination, ...);
--   surrounding blanks are not forgiven; no due date (the sign must be right now).
-- param: zone VARCHAR = NULL   (restrict to one zone)
SELECT site_id,
       'FCC-ASR-POST' AS rule_id,
       'ASR_FORMAT_INVALID' AS tag,
       'medium' AS severity,
       CAST(NULL AS DATE) AS due_date,
       list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids,
       max(zone) AS zone,
       list(DISTINCT value ORDER BY value) AS asr_numbers
FROM site_doc_facts
WHERE field = 'asr_number'
  AND value IS NOT NULL
  AND NOT regexp_full_match(value, '[0-9]{7}')
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
GROUP BY site_id
ORDER BY site_id;
