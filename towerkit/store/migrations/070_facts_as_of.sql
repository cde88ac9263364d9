-- 070: the per-site and per-lease facts as they stood on a date, for rules evaluated as of a past date.
--
-- site_wide and lease_effective (031, 032) hold each site's and lease's latest facts over every
-- document; a finding "as of" a date may use only documents dated on or before it (issue 22). The pivot
-- of each moves here into a table macro that takes the date (site_wide_upto, lease_effective_upto), and
-- the *_live views that refresh_facts materializes become that macro over every date, so the pivot is
-- written once. site_wide_at(as_of) and lease_effective_at(as_of), which the rules read, are the
-- materialized table itself when no document is dated after as_of (the usual case: as of today, a
-- lookup in a small table), and otherwise the pivot over the documents dated on or before as_of. The
-- `live` argument switches a pivot off without planning it away: the branch whose condition is false
-- filters out every row before the window and the aggregates run.
-- The views are replaced, so their comments (060) are set again at the end.

CREATE OR REPLACE MACRO site_wide_upto(as_of, live) AS TABLE
    WITH r AS (
        SELECT *, row_number() OVER (PARTITION BY site_id, doc_type
                                     ORDER BY doc_date ASC NULLS FIRST, ingested_at ASC NULLS FIRST, doc_id) AS k
        FROM doc_facts
        WHERE site_id IS NOT NULL AND doc_date <= as_of AND live
    )
    SELECT site_id,
           max(zone) AS zone,
           count(*) AS documents,
           arg_max(structure_height_ft, k) FILTER (WHERE doc_type = 'structural_inspection') AS insp_height_ft,
           arg_max(doc_id, k) FILTER (WHERE doc_type = 'structural_inspection' AND structure_height_ft IS NOT NULL) AS insp_height_doc,
           arg_max(lighting_type, k) FILTER (WHERE doc_type = 'structural_inspection') AS insp_lighting_type,
           arg_max(doc_id, k) FILTER (WHERE doc_type = 'structural_inspection' AND lighting_type IS NOT NULL) AS insp_lighting_doc,
           arg_max(asr_number, k) FILTER (WHERE doc_type = 'structural_inspection') AS insp_asr_number,
           arg_max(doc_id, k) FILTER (WHERE doc_type = 'structural_inspection' AND asr_number IS NOT NULL) AS insp_asr_doc,
           coalesce(bool_or(regexp_matches(asr_number, '[0-9]')), false) AS has_asr,
           arg_max(structure_type, k) FILTER (WHERE doc_type = 'structural_inspection') AS structure_type,
           arg_max({'doc_id': doc_id, 'date': doc_date}, k) FILTER (WHERE doc_type = 'structural_inspection') AS insp_last,
           arg_max({'doc_id': doc_id, 'date': doc_date, 'pct': max_capacity_pct, 'result': result}, k)
               FILTER (WHERE doc_type = 'structural_inspection' AND max_capacity_pct IS NOT NULL) AS insp_capacity,
           arg_max(structure_height_ft, k) FILTER (WHERE doc_type = 'faa_determination') AS faa_height_ft,
           arg_max(doc_id, k) FILTER (WHERE doc_type = 'faa_determination' AND structure_height_ft IS NOT NULL) AS faa_height_doc,
           arg_max(marking_lighting, k) FILTER (WHERE doc_type = 'faa_determination') AS faa_marking_lighting,
           arg_max(doc_id, k) FILTER (WHERE doc_type = 'faa_determination' AND marking_lighting IS NOT NULL) AS faa_ml_doc,
           arg_max({'doc_id': doc_id, 'asn': asn, 'determination': determination,
                    'determination_date': determination_date, 'expiration_date': expiration_date}, k)
               FILTER (WHERE doc_type = 'faa_determination') AS faa_last,
           arg_max(approved_height_ft, k) FILTER (WHERE doc_type = 'municipal_permit') AS permit_height_ft,
           arg_max(doc_id, k) FILTER (WHERE doc_type = 'municipal_permit' AND approved_height_ft IS NOT NULL) AS permit_height_doc
    FROM r
    GROUP BY site_id;

CREATE OR REPLACE VIEW site_wide_live AS SELECT * FROM site_wide_upto(DATE '9999-12-31', true);

CREATE OR REPLACE MACRO site_wide_at(as_of) AS TABLE
    SELECT * FROM site_wide
    WHERE as_of >= (SELECT coalesce(max(doc_date), DATE '0001-01-01') FROM doc_facts)
    UNION ALL BY NAME
    SELECT * FROM site_wide_upto(as_of, as_of < (SELECT coalesce(max(doc_date), DATE '0001-01-01') FROM doc_facts));

CREATE OR REPLACE MACRO lease_effective_upto(as_of, live) AS TABLE
    WITH a AS (
        SELECT *, row_number() OVER (PARTITION BY site_id, lease_id
                                     ORDER BY amendment_date ASC NULLS FIRST, ingested_at ASC NULLS FIRST, doc_id) AS k
        FROM doc_facts
        WHERE doc_type = 'lease_amendment' AND lease_id IS NOT NULL AND site_id IS NOT NULL AND doc_date <= as_of AND live
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

CREATE OR REPLACE VIEW lease_effective_live AS SELECT * FROM lease_effective_upto(DATE '9999-12-31', true);

CREATE OR REPLACE MACRO lease_effective_at(as_of) AS TABLE
    SELECT * FROM lease_effective
    WHERE as_of >= (SELECT coalesce(max(doc_date), DATE '0001-01-01') FROM doc_facts)
    UNION ALL BY NAME
    SELECT * FROM lease_effective_upto(as_of, as_of < (SELECT coalesce(max(doc_date), DATE '0001-01-01') FROM doc_facts));

-- The views' comments, as 060 set them (CREATE OR REPLACE VIEW dropped them).
COMMENT ON VIEW lease_effective_live IS 'lease_effective computed from doc_facts on every read; refresh_facts copies it into the lease_effective table.';
COMMENT ON COLUMN lease_effective_live.site_id IS 'Site of the lease.';
COMMENT ON COLUMN lease_effective_live.lease_id IS 'Lease identifier.';
COMMENT ON COLUMN lease_effective_live.zone IS 'Zone, from the latest amendment.';
COMMENT ON COLUMN lease_effective_live.lessor IS 'Lessor in force (the latest amendment that names one).';
COMMENT ON COLUMN lease_effective_live.lessee IS 'Lessee in force.';
COMMENT ON COLUMN lease_effective_live.commencement_date IS 'Commencement date in force.';
COMMENT ON COLUMN lease_effective_live.expiration_date IS 'Expiration date in force.';
COMMENT ON COLUMN lease_effective_live.monthly_rent_usd IS 'Monthly rent in force, in US dollars.';
COMMENT ON COLUMN lease_effective_live.escalator_pct IS 'Annual escalator in force, in percent.';
COMMENT ON COLUMN lease_effective_live.renewal_term_years IS 'Renewal term length in force, in years.';
COMMENT ON COLUMN lease_effective_live.renewals_remaining IS 'Renewal terms left, as last stated.';
COMMENT ON COLUMN lease_effective_live.notice_days IS 'Notice period in force, in days.';
COMMENT ON COLUMN lease_effective_live.rent_set_date IS 'Amendment date of the amendment that set the rent in force.';
COMMENT ON COLUMN lease_effective_live.rent_doc_id IS 'Document that set the rent in force.';
COMMENT ON COLUMN lease_effective_live.expiration_doc_id IS 'Document that set the expiration date in force.';
COMMENT ON COLUMN lease_effective_live.notice_doc_id IS 'Document that set the notice period in force.';
COMMENT ON COLUMN lease_effective_live.commencement_doc_id IS 'Document that set the commencement date in force.';
COMMENT ON COLUMN lease_effective_live.amendments IS 'Number of amendments of the lease.';
COMMENT ON COLUMN lease_effective_live.latest_amendment_date IS 'Date of the latest amendment.';
COMMENT ON COLUMN lease_effective_live.doc_ids IS 'The lease''s amendments, oldest first.';
COMMENT ON COLUMN lease_effective_live.first_amendment_date IS 'Date of the earliest amendment (lease_terms looks for amendments dated before commencement).';
COMMENT ON VIEW site_wide_live IS 'site_wide computed from doc_facts on every read; refresh_facts copies it into the site_wide table.';
COMMENT ON COLUMN site_wide_live.site_id IS 'Site.';
COMMENT ON COLUMN site_wide_live.zone IS 'Zone of the site.';
COMMENT ON COLUMN site_wide_live.documents IS 'Ingested documents of the site.';
COMMENT ON COLUMN site_wide_live.insp_height_ft IS 'Structure height from the latest structural inspection that states one, in feet.';
COMMENT ON COLUMN site_wide_live.insp_height_doc IS 'Document insp_height_ft came from.';
COMMENT ON COLUMN site_wide_live.insp_lighting_type IS 'Lighting type from the latest inspection that states one.';
COMMENT ON COLUMN site_wide_live.insp_lighting_doc IS 'Document insp_lighting_type came from.';
COMMENT ON COLUMN site_wide_live.insp_asr_number IS 'ASR number from the latest inspection that states one.';
COMMENT ON COLUMN site_wide_live.insp_asr_doc IS 'Document insp_asr_number came from.';
COMMENT ON COLUMN site_wide_live.has_asr IS 'true when any inspection of the site states an ASR number with a digit.';
COMMENT ON COLUMN site_wide_live.structure_type IS 'Structure type from the latest inspection.';
COMMENT ON COLUMN site_wide_live.insp_last IS 'The latest inspection: {doc_id, date}.';
COMMENT ON COLUMN site_wide_live.insp_capacity IS 'The latest inspection stating a capacity: {doc_id, date, pct (percent of allowed load), result}.';
COMMENT ON COLUMN site_wide_live.faa_height_ft IS 'Structure height from the latest FAA determination, in feet.';
COMMENT ON COLUMN site_wide_live.faa_height_doc IS 'Document faa_height_ft came from.';
COMMENT ON COLUMN site_wide_live.faa_marking_lighting IS 'Marking/lighting from the latest FAA determination.';
COMMENT ON COLUMN site_wide_live.faa_ml_doc IS 'Document faa_marking_lighting came from.';
COMMENT ON COLUMN site_wide_live.faa_last IS 'The latest FAA determination: {doc_id, asn, determination, determination_date, expiration_date}.';
COMMENT ON COLUMN site_wide_live.permit_height_ft IS 'Approved height from the latest municipal permit, in feet.';
COMMENT ON COLUMN site_wide_live.permit_height_doc IS 'Document permit_height_ft came from.';
