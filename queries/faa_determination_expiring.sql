-- name: faa_determination_expiring
-- kind: rule
-- rules: FAA-DNH-18M, FCC-ASR-DNH
-- description: FAA Determinations of No Hazard that have expired or expire within $horizon_days days.
-- row: one site whose latest FAA determination is an expired or expiring DNH, or
--   (tag INPUT_MISSING) one whose latest DNH states neither an expiration_date nor a determination_date
-- key: site_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, asn, determination, determination_date, expiration_date, expiration_derived, days_left, effective_date, petitionable, notes
-- boundary: the latest determination is the one issued last: by determination_date; a letter that prints
--   none, by its expiration_date less validity_months (FAA-DNH-18M: it was issued about then). A letter
--   with neither date cannot be placed in time: it is latest only when no letter on file states a date (then
--   the one received last). An undated letter is no newer than a dated one for being undated.
-- boundary: a DNH is valid through its expiration_date: DNH_EXPIRED when expiration_date < as_of;
--   DNH_EXPIRING when as_of <= expiration_date <= as_of + horizon_days (both ends inclusive).
-- boundary: FAA-DNH-18M: a DNH takes effect on issue (determination_date), or petition_days (40) days later
--   if it can be petitioned, and expires validity_months (18) after it takes effect; an expiration_date
--   stated on the letter wins (expiration_derived = false; it records any extension).
-- boundary: whether the DNH can be petitioned is the letter's own statement (petitionable yes: "becomes
--   final on ... unless a petition is timely filed"; no: "not subject to petition"). Only for a letter that
--   says neither does the petitionable parameter decide, and only that row notes the case taken: true (14
--   CFR 77.33's default: a determination becomes final petition_days after issue unless a petition is
--   filed) notes 'assumed: petitionable (effective 40 days after issue)'; false notes 'assumed: not
--   petitionable (effective on issue)'. The petitionable column is the letter's statement, NULL when it says neither.
-- boundary: a Determination of Hazard ('hazard') never expires and is never listed. A DNH with neither
--   date is an INPUT_MISSING row noting 'missing: determination_date'.
-- param: as_of DATE = today   (evaluation date)
-- param: horizon_days INTEGER = 90   (how far ahead to look)
-- param: validity_months INTEGER = 18   (FAA-DNH-18M: validity after the determination takes effect)
-- param: petitionable BOOLEAN = true   (FAA-DNH-18M: for letters that say neither, whether they can be petitioned: true takes effect petition_days after issue; false on issue)
-- param: petition_days INTEGER = 40   (FAA-DNH-18M: a petitionable DNH takes effect this many days after issue)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH letters AS (
    SELECT site_id, zone, doc_id, asn, determination, determination_date, expiration_date,
           CASE petitionable WHEN 'yes' THEN true WHEN 'no' THEN false END AS stated_petitionable,
           row_number() OVER (PARTITION BY site_id
                              ORDER BY coalesce(determination_date,
                                                CAST(expiration_date - to_months(CAST($validity_months AS INTEGER)) AS DATE))
                                           DESC NULLS LAST,
                                       doc_date DESC, ingested_at DESC, doc_id DESC) AS rn
    FROM doc_facts
    WHERE doc_type = 'faa_determination' AND site_id IS NOT NULL AND doc_date <= CAST($as_of AS DATE)
),
latest AS (
    SELECT * EXCLUDE (rn)
    FROM letters
    WHERE rn = 1
      AND coalesce(determination, 'no_hazard') <> 'hazard'
      AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
),
dated AS (
    SELECT *,
           CAST(determination_date + CASE WHEN coalesce(stated_petitionable, CAST($petitionable AS BOOLEAN))
                                          THEN CAST($petition_days AS INTEGER) ELSE 0 END AS DATE) AS effective_date,
           expiration_date IS NULL AS expiration_derived
    FROM latest
),
due AS (
    SELECT *,
           coalesce(expiration_date,
                    CAST(effective_date + to_months(CAST($validity_months AS INTEGER)) AS DATE)) AS expires,
           CASE WHEN expiration_date IS NOT NULL OR stated_petitionable IS NOT NULL THEN CAST([] AS VARCHAR[])
                WHEN CAST($petitionable AS BOOLEAN)
                THEN ['assumed: petitionable (effective ' || CAST($petition_days AS INTEGER) || ' days after issue)']
                ELSE ['assumed: not petitionable (effective on issue)'] END AS notes
    FROM dated
)
SELECT site_id,
       'FAA-DNH-18M' AS rule_id,
       CASE WHEN expires < CAST($as_of AS DATE) THEN 'DNH_EXPIRED' ELSE 'DNH_EXPIRING' END AS tag,
       CASE WHEN expires < CAST($as_of AS DATE) THEN 'high' ELSE 'medium' END AS severity,
       expires AS due_date,
       [doc_id] AS doc_ids,
       zone, asn, determination, determination_date,
       expires AS expiration_date,
       expiration_derived,
       CAST(date_diff('day', CAST($as_of AS DATE), expires) AS INTEGER) AS days_left,
       effective_date,
       stated_petitionable AS petitionable,
       notes
FROM due
WHERE expires <= CAST($as_of AS DATE) + CAST($horizon_days AS INTEGER)
UNION ALL
SELECT site_id, 'FAA-DNH-18M', 'INPUT_MISSING', 'medium', CAST(NULL AS DATE), [doc_id],
       zone, asn, determination, determination_date, CAST(NULL AS DATE), true, CAST(NULL AS INTEGER),
       CAST(NULL AS DATE), stated_petitionable, ['missing: determination_date']
FROM due
WHERE expires IS NULL
ORDER BY due_date NULLS LAST, site_id;
