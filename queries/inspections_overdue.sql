-- name: inspections_overdue
-- kind: rule
-- rules: TIA-INSP
-- description: Structures whose periodic TIA-222 inspection is overdue or falls due within $horizon_days days.
-- row: one site whose next inspection (latest inspection_date + interval for its structure_type and exposure) is due by as_of + horizon_days,
--   or (tag INPUT_MISSING) one whose inspection reports state neither an inspection_date nor a next date, or
--   whose structure_type is unknown while the guyed interval would put it due by as_of + horizon_days
-- key: site_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, structure_type, last_inspection_date, interval_years, days_left, stated_next_date, risk_category, site_environment, notes
-- boundary: due_date = last inspection_date + interval_years (guyed_years for guyed; self_supporting_years
--   for self_supporting and monopole), or the next inspection date the latest report states when that is
--   sooner. The stated date is the latest one on file (by document date; an undated report is dated the
--   day it was received, as every document is) unless a later inspection is on file: a report dated
--   before the last inspection_date was answered by it. An undated report's date that governs is noted
--   'assumed: the undated report is newer than the last inspection (its next date governs)'. Of two reports equally recent (two undated ones
--   received the same day) the sooner date governs: neither is known to supersede the other. With the structure type unknown, the stated next date governs. Without one either, the interval
--   cannot be counted (structure_type is a required input): once even the longer self-supporting interval
--   has passed the tower is overdue whatever its type (due_date = last + self_supporting_years, noted
--   'assumed: structure_type unknown (overdue under every type's interval)'); before that, from the day the
--   shorter guyed interval falls within the horizon, the row is INPUT_MISSING noting 'missing: structure_type'
--   with the guyed due date as due_date.
-- boundary: TIA-INSP: shorter for Class III, coastal, corrosive or vandalised sites. A site whose inspections
--   state risk_category iii or iv (Rev H Risk Category III-IV, Rev G Structure Class III) or site_environment
--   coastal, corrosive or vandalism is inspected every exposed_years at most, whatever its type (a stated next
--   date still governs when sooner). Each of the two inputs is the latest inspection's that states it (dated
--   on or before as_of). When neither shortens the interval, each one not stated is taken at its default and
--   the row notes it: 'assumed: risk_category=ii (not iii/iv)', 'assumed: site_environment=normal (not coastal,
--   corrosive or vandalism)'.
-- boundary: INSPECTION_OVERDUE when due_date < as_of (the due date itself is still on time);
--   INSPECTION_DUE when as_of <= due_date <= as_of + horizon_days (inclusive).
-- boundary: the last inspection is the latest inspection_date a report states (dated on or before as_of). A
--   report that states none is no evidence of an inspection on the day it arrived: it counts only where no
--   report states a date, and then its stated next date governs; with neither, the row is INPUT_MISSING
--   noting 'missing: inspection_date'. doc_ids: the latest inspection, then the documents the inputs came from.
-- param: as_of DATE = today   (evaluation date)
-- param: horizon_days INTEGER = 90   (how far ahead to look)
-- param: guyed_years INTEGER = 3   (TIA-INSP interval for guyed towers)
-- param: self_supporting_years INTEGER = 5   (TIA-INSP interval for self-supporting towers and monopoles)
-- param: exposed_years INTEGER = 2   (TIA-INSP interval for Class III / Risk Category III-IV, coastal, corrosive or vandalised sites, capped by the type's interval. TIA-222 names no number; 2 is the longest whole-year interval shorter than every type's, so each such site is inspected more often than the same structure elsewhere)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH report AS (
    SELECT site_id, doc_id, inspection_date
    FROM doc_facts
    WHERE doc_type = 'structural_inspection' AND site_id IS NOT NULL AND doc_date <= CAST($as_of AS DATE)
    QUALIFY row_number() OVER (PARTITION BY site_id ORDER BY inspection_date DESC NULLS LAST, doc_date DESC,
                               ingested_at DESC NULLS LAST, doc_id DESC) = 1
),
stated AS (
    SELECT site_id, doc_id AS stated_doc, doc_date AS stated_on, next_inspection_date,
           inspection_date IS NULL AS stated_undated
    FROM doc_facts
    WHERE doc_type = 'structural_inspection' AND site_id IS NOT NULL AND next_inspection_date IS NOT NULL
      AND doc_date <= CAST($as_of AS DATE)
    QUALIFY row_number() OVER (PARTITION BY site_id ORDER BY doc_date DESC, next_inspection_date,
                               ingested_at DESC NULLS LAST, doc_id DESC) = 1
),
last AS (
    SELECT w.site_id, w.zone, r.doc_id, r.inspection_date AS last_date, w.structure_type,
           s.next_inspection_date AS stated_next_date, s.stated_doc,
           coalesce(s.stated_undated AND r.inspection_date IS NOT NULL, false) AS undated_governs,
           w.insp_risk_category AS risk_category, w.insp_risk_doc AS risk_doc,
           w.insp_environment AS site_environment, w.insp_environment_doc AS environment_doc
    FROM site_wide_at(CAST($as_of AS DATE)) w
    JOIN report r ON r.site_id = w.site_id
    LEFT JOIN stated s  -- a stated date the last inspection came after was answered by it
        ON s.site_id = w.site_id AND (s.stated_on >= r.inspection_date OR r.inspection_date IS NULL)
),
due AS (
    SELECT site_id, zone, doc_id, structure_type, last_date AS last_inspection_date, stated_next_date,
           undated_governs, risk_category, site_environment,
           [doc_id]
           || CASE WHEN stated_doc <> doc_id THEN [stated_doc] ELSE CAST([] AS VARCHAR[]) END
           || CASE WHEN risk_doc <> doc_id THEN [risk_doc] ELSE CAST([] AS VARCHAR[]) END
           || CASE WHEN environment_doc <> doc_id AND environment_doc IS DISTINCT FROM risk_doc
                   THEN [environment_doc] ELSE CAST([] AS VARCHAR[]) END AS evidence,
           coalesce(risk_category IN ('iii', 'iv'), false)
               OR coalesce(site_environment IN ('coastal', 'corrosive', 'vandalism'), false) AS exposed,
           CASE WHEN structure_type IN ('self_supporting', 'monopole')
                THEN CAST($self_supporting_years AS INTEGER)
                ELSE CAST($guyed_years AS INTEGER) END AS type_years
    FROM last
),
dated AS (
    SELECT *,
           CASE WHEN exposed THEN least(type_years, CAST($exposed_years AS INTEGER)) ELSE type_years END AS interval_years
    FROM due
),
typed AS (
    SELECT *,
           structure_type IS NULL AND NOT exposed AND stated_next_date IS NULL
               AND last_inspection_date IS NOT NULL AS type_unknown
    FROM dated
),
judged AS (
    SELECT *,
           CASE WHEN last_inspection_date IS NULL
                     OR (structure_type IS NULL AND NOT exposed AND stated_next_date IS NOT NULL) THEN stated_next_date
                WHEN type_unknown
                THEN CAST(last_inspection_date + to_years(CAST($self_supporting_years AS INTEGER)) AS DATE)
                ELSE least(CAST(last_inspection_date + to_years(interval_years) AS DATE),
                           coalesce(stated_next_date, DATE '9999-12-31')) END AS due_date,
           CAST(last_inspection_date + to_years(CAST($guyed_years AS INTEGER)) AS DATE) AS guyed_due,
           CASE WHEN type_unknown
                THEN ['assumed: structure_type unknown (overdue under every type''s interval)']
                ELSE CAST([] AS VARCHAR[]) END
           || CASE WHEN undated_governs AND stated_next_date < CAST(last_inspection_date + to_years(interval_years) AS DATE)
                   THEN ['assumed: the undated report is newer than the last inspection (its next date governs)']
                   ELSE CAST([] AS VARCHAR[]) END
           || CASE WHEN NOT exposed AND risk_category IS NULL
                   THEN ['assumed: risk_category=ii (not iii/iv)'] ELSE CAST([] AS VARCHAR[]) END
           || CASE WHEN NOT exposed AND site_environment IS NULL
                   THEN ['assumed: site_environment=normal (not coastal, corrosive or vandalism)']
                   ELSE CAST([] AS VARCHAR[]) END AS notes
    FROM typed
)
SELECT site_id,
       'TIA-INSP' AS rule_id,
       CASE WHEN due_date < CAST($as_of AS DATE) THEN 'INSPECTION_OVERDUE' ELSE 'INSPECTION_DUE' END AS tag,
       CASE WHEN due_date < CAST($as_of AS DATE) THEN 'high' ELSE 'low' END AS severity,
       due_date,
       evidence AS doc_ids,
       zone, structure_type, last_inspection_date,
       CASE WHEN type_unknown THEN CAST($self_supporting_years AS INTEGER) ELSE interval_years END AS interval_years,
       CAST(date_diff('day', CAST($as_of AS DATE), due_date) AS INTEGER) AS days_left,
       stated_next_date, risk_category, site_environment, notes
FROM judged
WHERE due_date <= CAST($as_of AS DATE) + CAST($horizon_days AS INTEGER)
  AND NOT (type_unknown AND due_date >= CAST($as_of AS DATE))
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
UNION ALL
SELECT site_id, 'TIA-INSP', 'INPUT_MISSING', 'medium', CAST(NULL AS DATE), evidence,
       zone, structure_type, CAST(NULL AS DATE), interval_years, CAST(NULL AS INTEGER),
       CAST(NULL AS DATE), risk_category, site_environment, ['missing: inspection_date']
FROM judged
WHERE due_date IS NULL
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
UNION ALL
SELECT site_id, 'TIA-INSP', 'INPUT_MISSING', 'medium', guyed_due, evidence,
       zone, structure_type, last_inspection_date, CAST(NULL AS INTEGER),
       CAST(date_diff('day', CAST($as_of AS DATE), guyed_due) AS INTEGER),
       CAST(NULL AS DATE), risk_category, site_environment, ['missing: structure_type']
FROM judged
WHERE type_unknown AND due_date >= CAST($as_of AS DATE)
  AND guyed_due <= CAST($as_of AS DATE) + CAST($horizon_days AS INTEGER)
  AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
ORDER BY due_date NULLS LAST, site_id;
