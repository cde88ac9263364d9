-- name: lease_notice_windows
-- kind: rule
-- rules: LEASE-TERM
-- description: Leases whose last day to give notice (current term end - notice_days) falls within $horizon_days days.
-- row: one lease (effective terms, see lease_terms) whose notice window closes between as_of and as_of + horizon_days
-- key: site_id, lease_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, lease_id, expiration_date, notice_days, days_left, renewals_remaining, stated_expiration_date, renewal_term, notes
-- boundary: LEASE-TERM: renewals run on automatically unless the tenant gives notice. The stated
--   expiration_date ends the initial term; renewal k ends on expiration_date + k * renewal_term_years;
--   the current term is the first whose end is on or after as_of (k = 0 .. renewals_remaining).
--   expiration_date is that current term's end and renewals_remaining the renewals left after it.
-- boundary: notice_deadline (due_date) = current term end - notice_days days: the last day notice can still
--   be given. Listed when as_of <= due_date <= as_of + horizon_days (both inclusive); a window that
--   closed before as_of is not listed, nor a lease whose last renewal ended before as_of. The notice is the
--   tenant's way to refuse the next renewal, so a lease in its last term (no renewal left after it,
--   renewals_remaining = 0, stated or assumed) has no window to list: lease_expirations reports its end.
-- boundary: a missing notice_days, renewals_remaining or renewal_term_years takes its default and the row
--   notes 'assumed: NAME=VALUE'. A lease without an expiration_date is skipped here (lease_expirations
--   reports it as INPUT_MISSING).
-- boundary: severity high when 30 days or fewer remain, else medium.
-- param: as_of DATE = today   (evaluation date)
-- param: horizon_days INTEGER = 90   (how far ahead to look)
-- param: default_notice_days INTEGER = 90   (LEASE-TERM: notice typically at least 90 days before the term ends)
-- param: default_renewals_remaining INTEGER = 0   (renewals assumed when none are stated: the stated expiration is final)
-- param: default_renewal_term_years INTEGER = 5   (LEASE-TERM: renewal options are typically 5 years)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH base AS (
    SELECT *,
           greatest(CAST(coalesce(renewals_remaining, CAST($default_renewals_remaining AS INTEGER)) AS INTEGER), 0) AS r,
           CAST(coalesce(renewal_term_years, CAST($default_renewal_term_years AS INTEGER)) AS INTEGER) AS t,
           CAST(coalesce(notice_days, CAST($default_notice_days AS INTEGER)) AS INTEGER) AS nd,
           list_filter([
               CASE WHEN notice_days IS NULL
                    THEN 'assumed: notice_days=' || CAST(CAST($default_notice_days AS INTEGER) AS VARCHAR) END,
               CASE WHEN renewals_remaining IS NULL
                    THEN 'assumed: renewals_remaining=' || CAST(CAST($default_renewals_remaining AS INTEGER) AS VARCHAR) END,
               CASE WHEN renewal_term_years IS NULL
                         AND coalesce(renewals_remaining, CAST($default_renewals_remaining AS INTEGER)) > 0
                    THEN 'assumed: renewal_term_years=' || CAST(CAST($default_renewal_term_years AS INTEGER) AS VARCHAR) END
           ], x -> x IS NOT NULL) AS notes
    FROM lease_effective_at(CAST($as_of AS DATE))
    WHERE expiration_date IS NOT NULL
      AND (CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR))
),
terms AS (
    SELECT *, list_transform(range(0, r + 1), k -> CAST(expiration_date + to_years(CAST(k * t AS INTEGER)) AS DATE)) AS ends
    FROM base
),
cur AS (
    SELECT *, CAST(len(list_filter(ends, d -> d < CAST($as_of AS DATE))) AS INTEGER) AS k
    FROM terms
),
w AS (
    SELECT *, ends[k + 1] AS term_end, CAST(ends[k + 1] - nd AS DATE) AS notice_deadline
    FROM cur
    WHERE k <= r
)
SELECT site_id,
       'LEASE-TERM' AS rule_id,
       'NOTICE_WINDOW_CLOSING' AS tag,
       CASE WHEN notice_deadline - CAST($as_of AS DATE) <= 30 THEN 'high' ELSE 'medium' END AS severity,
       notice_deadline AS due_date,
       list_sort(list_distinct(list_filter([expiration_doc_id, notice_doc_id], x -> x IS NOT NULL))) AS doc_ids,
       zone, lease_id, term_end AS expiration_date, nd AS notice_days,
       CAST(date_diff('day', CAST($as_of AS DATE), notice_deadline) AS INTEGER) AS days_left,
       CAST(r - k AS INTEGER) AS renewals_remaining,
       expiration_date AS stated_expiration_date,
       k AS renewal_term,
       notes
FROM w
WHERE notice_deadline BETWEEN CAST($as_of AS DATE) AND CAST($as_of AS DATE) + CAST($horizon_days AS INTEGER)
  AND r - k > 0
ORDER BY due_date, site_id, lease_id;
