-- 090: a lease whose documents print no lease number is still a lease. lease_effective_upto (070) kept
-- only amendments with a lease_id, so a site's unnumbered lease never reached lease_expirations or
-- lease_notice_windows: its renewal deadlines went unreported. The site's unnumbered amendments now form
-- one lease with lease_id NULL (GROUP BY and PARTITION BY put NULLs together); the queries that join a
-- lease's rows to it by lease_id compare with IS NOT DISTINCT FROM. Only the macro changes: the views
-- that call it (lease_effective_live, lease_effective_at) read the new definition, and keep their comments.

CREATE OR REPLACE MACRO lease_effective_upto(as_of, live) AS TABLE
    WITH a AS (
        SELECT *, row_number() OVER (PARTITION BY site_id, lease_id
                                     ORDER BY amendment_date ASC NULLS FIRST, ingested_at ASC NULLS FIRST, doc_id) AS k
        FROM doc_facts
        WHERE doc_type = 'lease_amendment' AND site_id IS NOT NULL AND doc_date <= as_of AND live
    )
    SELECT site_id, lease_id,
           arg_max(zone, k) AS zone,
           arg_max(lessor, k) AS lessor,
           arg_max(lessee, k) AS lessee,
           arg_max(commencement_date, k) AS commencement_date,
           arg_max(expiration_date, k) AS expiration_date,
           arg_max(monthly_rent_usd, k) AS monthly_rent_usd,
           arg_max(escalator_pct, k) AS escalator_pct,
           arg_max(renewal_term_years, k) AS renewal_term_years,
           arg_max(renewals_remaining, k) AS renewals_remaining,
           arg_max(notice_days, k) AS notice_days,
           arg_max(amendment_date, k) FILTER (WHERE monthly_rent_usd IS NOT NULL) AS rent_set_date,
           arg_max(doc_id, k) FILTER (WHERE monthly_rent_usd IS NOT NULL) AS rent_doc_id,
           arg_max(doc_id, k) FILTER (WHERE expiration_date IS NOT NULL) AS expiration_doc_id,
           arg_max(doc_id, k) FILTER (WHERE notice_days IS NOT NULL) AS notice_doc_id,
           arg_max(doc_id, k) FILTER (WHERE commencement_date IS NOT NULL) AS commencement_doc_id,
           count(*) AS amendments,
           max(amendment_date) AS latest_amendment_date,
           list(doc_id ORDER BY k) AS doc_ids,
           min(amendment_date) AS first_amendment_date
    FROM a
    GROUP BY site_id, lease_id;
