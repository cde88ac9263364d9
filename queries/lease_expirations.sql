-- name: lease_expirations
-- kind: rule
-- rules: LEASE-TERM
-- description: Leases whose current term (renewals run on automatically) ends within $horizon_days days.
-- row: one lease (effective terms) whose current term ends between as_of and as_of + horizon_days, or
--   (tag INPUT_MISSING) one lease with no expiration_date on file
-- key: site_id, lease_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, lease_id, expiration_date, days_left, renewals_remaining, renewal_term_years, stated_expiration_date, renewal_term, notes
-- boundary: LEASE-TERM: renewals run on automatically unless the tenant gives notice. The stated
--   expiration_date ends the initial term; renewal k ends on expiration_date + k * renewal_term_years.
--   The current term is the first whose end is on or after as_of (k = 0 .. renewals_remaining); a term is
--   still current on its last day and the next one starts the day after. expiration_date (= due_date) is
--   the current term's end, renewal_term its k, renewals_remaining the renewals left after it.
-- boundary: listed when as_of <= current term end <= as_of + horizon_days (inclusive). A lease whose last
--   renewal ended before as_of has lapsed: it is listed with its last term's end (days_left negative,
--   severity high, noted 'lapsed'), since the site then stands without a lease. Severity high when no
--   renewals remain after the current term, else low.
-- boundary: a missing renewals_remaining or renewal_term_years takes its default and the row notes
--   'assumed: NAME=VALUE'; a missing expiration_date (required) is an INPUT_MISSING row noting
--   'missing: expiration_date'.
-- param: as_of DATE = today   (evaluation date)
-- param: horizon_days INTEGER = 90   (how far ahead to look)
-- param: default_renewals_remaining INTEGER = 0   (renewals assumed when none are stated: the stated expiration is final)
-- param: default_renewal_term_years INTEGER = 5   (LEASE-TERM: renewal options are typically 5 years)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH base AS (
    SELECT *,
           greatest(CAST(coalesce(renewals_remaining, CAST($default_renewals_remaining AS INTEGER)) AS INTEGER), 0) AS r,
           CAST(coalesce(renewal_term_years, CAST($default_renewal_term_years AS INTEGER)) AS INTEGER) AS t,
           list_filter([
               CASE WHEN renewals_remaining IS NULL
                    THEN 'assumed: renewals_remaining=' || CAST(CAST($default_renewals_remaining AS INTEGER) AS VARCHAR) END,
               CASE WHEN renewal_term_years IS NULL
                         AND coalesce(renewals_remaining, CAST($default_renewals_remaining AS INTEGER)) > 0
                    THEN 'assumed: renewal_term_years=' || CAST(CAST($default_renewal_term_years AS INTEGER) AS VARCHAR) END
           ], x -> x IS NOT NULL) AS notes
    FROM lease_effective_at(CAST($as_of AS DATE))
    WHERE CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR)
),
terms AS (
    SELECT *, list_transform(range(0, r + 1), k -> CAST(expiration_date + to_years(CAST(k * t AS INTEGER)) AS DATE)) AS ends
    FROM base
    WHERE expiration_date IS NOT NULL
),
cur AS (
    SELECT *, CAST(len(list_filter(ends, d -> d < CAST($as_of AS DATE))) AS INTEGER) AS k
    FROM terms
),
due AS (
    SELECT *, k > r AS lapsed, least(k, r) AS term_no, ends[least(k, r) + 1] AS term_end
    FROM cur
)
SELECT site_id,
       'LEASE-TERM' AS rule_id,
       'NEXT_TERM_END' AS tag,
       CASE WHEN lapsed OR r - term_no = 0 THEN 'high' ELSE 'low' END AS severity,
       term_end AS due_date,
       list_filter([expiration_doc_id], x -> x IS NOT NULL) AS doc_ids,
       zone, lease_id, term_end AS expiration_date,
       CAST(date_diff('day', CAST($as_of AS DATE), term_end) AS INTEGER) AS days_left,
       CAST(r - term_no AS INTEGER) AS renewals_remaining,
       CAST(t AS INTEGER) AS renewal_term_years,
       expiration_date AS stated_expiration_date,
       term_no AS renewal_term,
       CASE WHEN lapsed THEN list_append(notes, 'lapsed: its last term ended with no renewal left') ELSE notes END AS notes
FROM due
WHERE lapsed OR term_end BETWEEN CAST($as_of AS DATE) AND CAST($as_of AS DATE) + CAST($horizon_days AS INTEGER)
UNION ALL
SELECT site_id, 'LEASE-TERM', 'INPUT_MISSING', 'medium', CAST(NULL AS DATE), doc_ids,
       zone, lease_id, CAST(NULL AS DATE), CAST(NULL AS INTEGER),
       CAST(renewals_remaining AS INTEGER), CAST(renewal_term_years AS INTEGER),
       CAST(NULL AS DATE), CAST(NULL AS INTEGER), ['missing: expiration_date']
FROM base
WHERE expiration_date IS NULL
ORDER BY due_date NULLS LAST, site_id, lease_id;
