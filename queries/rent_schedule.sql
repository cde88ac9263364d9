-- name: rent_schedule
-- kind: report
-- rules: LEASE-ESC
-- description: Monthly rent due on $as_of for every active lease, after yearly compounding escalations.
-- row: one lease (effective terms) with commencement_date <= as_of <= expiration_date
-- key: site_id, lease_id
-- columns: site_id, rule_id, doc_ids, zone, lease_id, commencement_date, base_rent_usd, rent_set_date, escalator_pct, escalations, rent_due_usd, next_escalation_date
-- boundary: convention (rent_is_base = true, the default): the effective monthly_rent_usd is the base rent
--   at commencement; escalator_pct compounds on each anniversary of commencement_date (on the anniversary day
--   itself the new rent applies): escalations = full years from commencement_date to as_of. With
--   rent_is_base = false the stated rent is the rent in force on its amendment_date and only anniversaries
--   after it escalate (escalations = full years to as_of minus full years to rent_set_date).
--   rent_due_usd = round(base * (1 + pct/100)^escalations, 2), rounded once. No escalator: flat rent.
-- param: as_of DATE = today   (evaluation date)
-- param: rent_is_base BOOLEAN = true   (stated rent is the commencement base rent)
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH y AS (
    SELECT *,
           CAST(extract(year FROM age(CAST($as_of AS DATE), commencement_date)) AS INTEGER) AS years_now,
           CASE WHEN CAST($rent_is_base AS BOOLEAN) OR rent_set_date IS NULL OR rent_set_date <= commencement_date THEN 0
                ELSE CAST(extract(year FROM age(rent_set_date, commencement_date)) AS INTEGER) END AS years_at_set
    FROM lease_effective_at(CAST($as_of AS DATE))
    WHERE commencement_date IS NOT NULL AND monthly_rent_usd IS NOT NULL
      AND commencement_date <= CAST($as_of AS DATE)
      AND (expiration_date IS NULL OR expiration_date >= CAST($as_of AS DATE))
)
SELECT site_id,
       'LEASE-ESC' AS rule_id,
       list_sort(list_distinct(list_filter([rent_doc_id, commencement_doc_id], x -> x IS NOT NULL))) AS doc_ids,
       zone, lease_id, commencement_date,
       monthly_rent_usd AS base_rent_usd, rent_set_date, escalator_pct,
       greatest(years_now - years_at_set, 0) AS escalations,
       round(monthly_rent_usd * pow(1 + coalesce(escalator_pct, 0) / 100.0, greatest(years_now - years_at_set, 0)), 2) AS rent_due_usd,
       CAST(commencement_date + to_years(years_now + 1) AS DATE) AS next_escalation_date
FROM y
WHERE CAST($zone AS VARCHAR) IS NULL OR zone = CAST($zone AS VARCHAR)
ORDER BY site_id, lease_id;
