-- name: light_outages
-- kind: rule
-- rules: FCC-NOTAM-30M, FCC-REC-2Y
-- description: Field logs reporting a light outage in the last $lookback_years years (NOTAM for top or flashing lights; outage record always).
-- row: one field log with light_outage = yes and as_of - lookback_years (calendar years) < log_date <= as_of
-- key: site_id, doc_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, doc_id, log_date, technician, activity, asr_number, height_ft, light_position, light_mode, notes
-- boundary: FCC-NOTAM-30M: a top or flashing light out and not fixed within 30 minutes must be reported
--   to the FAA immediately (LIGHT_OUTAGE, due_date = log_date); side steady lights need no report, so
--   such a log is an informational row (rule FCC-REC-2Y, tag NULL, severity info, no due_date) kept
--   only as the outage record. The logs carry no NOTAM times, so every NOTAM case is listed for review.
-- boundary: light_position and light_mode are read from the log's findings and the work it records (the
--   findings and activity fields; "Beacon replacement" names the beacon as surely as its findings would), as stated:
--   'top', 'beacon' or an L-864/L-865/L-856 fixture is the top light; 'side', 'marker' or an L-810 fixture
--   a side light; 'flashing', 'flash', 'strobe' or those top fixtures flashing; 'steady' steady. A top or
--   flashing word wins over side or steady. A side light is exempt unless the log says it flashes: the
--   L-810 side marker is a steady-burning light (FAA-LIGHT-TYPES), and only AC-1L's flashing markers need a
--   NOTAM (FAA-AVIAN), so a side light whose mode the log does not state is taken as steady and the row
--   notes 'assumed: steady side light (findings do not say flashing)'. Any other log takes the NOTAM case,
--   and when its findings name neither a top, a side nor a flashing light the row notes
--   'assumed: top or flashing light (findings do not say)'.
-- boundary: the window keeps FCC-REC-2Y's two years of records, counted in calendar years: a log two years
--   old to the day is outside, one a day younger inside, a leap day between them or not (730 days back
--   fall a day short of two years when a 29 February lies between). asr_number and height_ft (latest inspection's, else FAA's) are what the NOTAM
--   report needs.
-- param: as_of DATE = today   (evaluation date)
-- param: lookback_years INTEGER = 2   (FCC-REC-2Y: records kept two years)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH logs AS (
    SELECT site_id, zone, doc_id, doc_date AS log_date, technician, activity,
           lower(coalesce((SELECT max(f.value) FROM fields f WHERE f.doc_id = d.doc_id AND f.field = 'findings'), '')
                 || ' ' || coalesce(activity, '')) AS txt
    FROM doc_facts d
    WHERE doc_type = 'field_log' AND site_id IS NOT NULL AND light_outage = 'yes'
      AND doc_date <= CAST($as_of AS DATE)
      AND doc_date > CAST(CAST($as_of AS DATE) - to_years(CAST($lookback_years AS INTEGER)) AS DATE)
      AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
),
lights AS (
    SELECT *,
           CASE WHEN regexp_matches(txt, '\b(top|beacon|l-?864|l-?865|l-?856)\b') THEN 'top'
                WHEN regexp_matches(txt, '\b(side|markers?|l-?810s?)\b') THEN 'side' END AS light_position,
           CASE WHEN regexp_matches(txt, '\b(flashing|flash|flashes|strobe|strobes|l-?864|l-?865|l-?856)\b') THEN 'flashing'
                WHEN regexp_matches(txt, '\bsteady\b') THEN 'steady' END AS light_mode
    FROM logs
),
judged AS (
    SELECT *,
           coalesce(light_position = 'side' AND coalesce(light_mode, 'steady') = 'steady', false) AS side_steady,
           coalesce(light_position = 'top' OR light_mode = 'flashing', false) AS stated_notam
    FROM lights
),
site AS (
    SELECT site_id, insp_asr_number AS asr_number, coalesce(insp_height_ft, faa_height_ft) AS height_ft
    FROM site_wide_at(CAST($as_of AS DATE))
    WHERE site_id IN (SELECT site_id FROM logs)
)
SELECT l.site_id,
       CASE WHEN l.side_steady THEN 'FCC-REC-2Y' ELSE 'FCC-NOTAM-30M' END AS rule_id,
       CASE WHEN l.side_steady THEN NULL ELSE 'LIGHT_OUTAGE' END AS tag,
       CASE WHEN l.side_steady THEN 'info' ELSE 'high' END AS severity,
       CASE WHEN l.side_steady THEN NULL ELSE l.log_date END AS due_date,
       [l.doc_id] AS doc_ids,
       l.zone, l.doc_id, l.log_date, l.technician, l.activity,
       s.asr_number,
       s.height_ft,
       l.light_position,
       l.light_mode,
       CASE WHEN l.side_steady AND l.light_mode IS NULL
            THEN ['assumed: steady side light (findings do not say flashing)']
            WHEN l.side_steady OR l.stated_notam THEN CAST([] AS VARCHAR[])
            ELSE ['assumed: top or flashing light (findings do not say)'] END AS notes
FROM judged l LEFT JOIN site s USING (site_id)
ORDER BY l.log_date DESC, l.site_id, l.doc_id;
