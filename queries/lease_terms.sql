-- name: lease_terms
-- kind: rule
-- rules: LEASE-TERM, LEASE-ESC
-- description: Effective terms of every lease from its amendments, with conflicting amendments flagged.
-- row: one lease (site_id, lease_id); tag LEASE_CONFLICT when conflicts is not empty, else NULL (informational).
--   A site's amendments that print no lease number are one lease with lease_id NULL.
-- key: site_id, lease_id
-- columns: site_id, rule_id, tag, severity, due_date, doc_ids, zone, lease_id, lessor, lessee, commencement_date, expiration_date, monthly_rent_usd, escalator_pct, renewal_term_years, renewals_remaining, notice_days, amendments, latest_amendment_date, conflicts
-- boundary: amendments are applied in amendment_date order (ties: ingestion time, then doc_id); for each
--   term the latest amendment that sets it wins; one that leaves a term out keeps the earlier value.
-- boundary: conflicts: two amendments of one amendment_date setting different monthly_rent_usd
--   ('rent_conflict DATE: A vs B'), and an amendment dated strictly before the effective commencement_date
--   ('before_commencement DATE doc_id'); an amendment on the commencement date itself is fine.
-- param: as_of DATE = today   (evaluation date: only documents dated on or before it count)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH a AS (
    SELECT d.site_id, d.lease_id, d.doc_id, d.amendment_date, d.monthly_rent_usd
    FROM doc_facts d
    WHERE d.doc_type = 'lease_amendment' AND d.site_id IS NOT NULL
      AND d.doc_date <= CAST($as_of AS DATE)
),
same_day AS (
    -- cheap aggregates first: the list of rents is built only for the few dates that disagree
    SELECT site_id, lease_id, amendment_date
    FROM a WHERE amendment_date IS NOT NULL AND monthly_rent_usd IS NOT NULL
    GROUP BY site_id, lease_id, amendment_date
    HAVING min(monthly_rent_usd) <> max(monthly_rent_usd)
),
rent_conflicts AS (
    SELECT site_id, lease_id, list(item ORDER BY amendment_date) AS items
    FROM (SELECT a.site_id, a.lease_id, a.amendment_date,
                 'rent_conflict ' || CAST(a.amendment_date AS VARCHAR) || ': ' ||
                 array_to_string(list(DISTINCT printf('%.2f', a.monthly_rent_usd)
                                      ORDER BY printf('%.2f', a.monthly_rent_usd)), ' vs ') AS item
          FROM a SEMI JOIN same_day s ON s.site_id = a.site_id AND s.lease_id IS NOT DISTINCT FROM a.lease_id
                                     AND s.amendment_date = a.amendment_date
          WHERE a.monthly_rent_usd IS NOT NULL
          GROUP BY a.site_id, a.lease_id, a.amendment_date)
    GROUP BY site_id, lease_id
),
early AS (
    SELECT a.site_id, a.lease_id,
           list('before_commencement ' || CAST(a.amendment_date AS VARCHAR) || ' ' || a.doc_id
                ORDER BY a.amendment_date, a.doc_id) AS items
    FROM a JOIN (SELECT site_id, lease_id, commencement_date FROM lease_effective_at(CAST($as_of AS DATE))
                 WHERE first_amendment_date < commencement_date) e
      ON e.site_id = a.site_id AND e.lease_id IS NOT DISTINCT FROM a.lease_id
    WHERE a.amendment_date < e.commencement_date
    GROUP BY a.site_id, a.lease_id
),
t AS (
    SELECT e.* EXCLUDE (first_amendment_date), list_concat(coalesce(r.items, []), coalesce(x.items, [])) AS conflicts
    FROM lease_effective_at(CAST($as_of AS DATE)) e
    LEFT JOIN rent_conflicts r ON r.site_id = e.site_id AND r.lease_id IS NOT DISTINCT FROM e.lease_id
    LEFT JOIN early x ON x.site_id = e.site_id AND x.lease_id IS NOT DISTINCT FROM e.lease_id
)
SELECT site_id,
       'LEASE-TERM' AS rule_id,
       CASE WHEN len(conflicts) > 0 THEN 'LEASE_CONFLICT' END AS tag,
       CASE WHEN len(conflicts) > 0 THEN 'medium' END AS severity,
       CAST(NULL AS DATE) AS due_date,
       doc_ids,
       zone, lease_id, lessor, lessee, commencement_date, expiration_date, monthly_rent_usd, escalator_pct,
       renewal_term_years, renewals_remaining, notice_days, amendments, latest_amendment_date, conflicts
FROM t
WHERE CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR)
ORDER BY site_id, lease_id;
