-- 080: the inputs that decide a rule's case where the documents state them (issue 22): the TIA-222 edition
-- of a structural report (TIA-SA-RATING), the risk category or structure class and the site's exposure
-- (TIA-INSP), and whether an FAA determination can be petitioned (FAA-DNH-18M). They are catalog fields
-- (tia_revision, risk_category, site_environment, petitionable) read like any other.
--
-- doc_facts gains one column per field, appended last: refresh_facts fills the table with SELECT * from
-- doc_facts_live, so the view's new columns go last too. The per-document inputs (edition, petitionable)
-- are read from doc_facts by the document a rule rests on; the per-site ones (risk category, exposure)
-- join site_wide, field-level like structure_type (a later inspection that leaves them out keeps the
-- earlier statement), through site_wide_upto so that a finding as of a date uses only documents dated on
-- or before it. The views are replaced, so their comments are set again at the end.

ALTER TABLE doc_facts ADD COLUMN IF NOT EXISTS tia_revision VARCHAR;
ALTER TABLE doc_facts ADD COLUMN IF NOT EXISTS risk_category VARCHAR;
ALTER TABLE doc_facts ADD COLUMN IF NOT EXISTS site_environment VARCHAR;
ALTER TABLE doc_facts ADD COLUMN IF NOT EXISTS petitionable VARCHAR;

CREATE OR REPLACE VIEW doc_facts_live AS
WITH d AS (
    SELECT doc_id, site_id, zone, doc_type, ingested_at
    FROM documents WHERE status = 'ingested'
),
p AS (
    SELECT f.doc_id,
        max(f.value) FILTER (WHERE f.field = 'site_id') AS site_id_field,
        -- structural_inspection
        max(f.value) FILTER (WHERE f.field = 'asr_number') AS asr_number,
        max(f.value) FILTER (WHERE f.field = 'structure_type') AS structure_type,
        max(coalesce(f.value_num, TRY_CAST(f.value AS DOUBLE))) FILTER (WHERE f.field = 'structure_height_ft') AS structure_height_ft,
        max(coalesce(f.value_date, TRY_CAST(f.value AS DATE))) FILTER (WHERE f.field = 'inspection_date') AS inspection_date,
        max(coalesce(f.value_num, TRY_CAST(f.value AS DOUBLE))) FILTER (WHERE f.field = 'max_capacity_pct') AS max_capacity_pct,
        max(f.value) FILTER (WHERE f.field = 'result') AS result,
        max(f.value) FILTER (WHERE f.field = 'lighting_type') AS lighting_type,
        max(coalesce(f.value_date, TRY_CAST(f.value AS DATE))) FILTER (WHERE f.field = 'next_inspection_date') AS next_inspection_date,
        -- lease_amendment
        max(f.value) FILTER (WHERE f.field = 'lease_id') AS lease_id,
        max(f.value) FILTER (WHERE f.field = 'lessor') AS lessor,
        max(f.value) FILTER (WHERE f.field = 'lessee') AS lessee,
        max(coalesce(f.value_date, TRY_CAST(f.value AS DATE))) FILTER (WHERE f.field = 'amendment_date') AS amendment_date,
        max(coalesce(f.value_date, TRY_CAST(f.value AS DATE))) FILTER (WHERE f.field = 'commencement_date') AS commencement_date,
        max(coalesce(f.value_date, TRY_CAST(f.value AS DATE))) FILTER (WHERE f.field = 'expiration_date') AS expiration_date,
        max(coalesce(f.value_num, TRY_CAST(f.value AS DOUBLE))) FILTER (WHERE f.field = 'monthly_rent_usd') AS monthly_rent_usd,
        max(coalesce(f.value_num, TRY_CAST(f.value AS DOUBLE))) FILTER (WHERE f.field = 'escalator_pct') AS escalator_pct,
        max(coalesce(f.value_num, TRY_CAST(f.value AS DOUBLE))) FILTER (WHERE f.field = 'renewal_term_years') AS renewal_term_years,
        max(coalesce(f.value_num, TRY_CAST(f.value AS DOUBLE))) FILTER (WHERE f.field = 'renewals_remaining') AS renewals_remaining,
        max(coalesce(f.value_num, TRY_CAST(f.value AS DOUBLE))) FILTER (WHERE f.field = 'notice_days') AS notice_days,
        -- municipal_permit
        max(f.value) FILTER (WHERE f.field = 'jurisdiction') AS jurisdiction,
        max(f.value) FILTER (WHERE f.field = 'permit_number') AS permit_number,
        max(f.value) FILTER (WHERE f.field = 'permit_type') AS permit_type,
        max(coalesce(f.value_date, TRY_CAST(f.value AS DATE))) FILTER (WHERE f.field = 'issue_date') AS issue_date,
        max(coalesce(f.value_num, TRY_CAST(f.value AS DOUBLE))) FILTER (WHERE f.field = 'approved_height_ft') AS approved_height_ft,
        max(f.value) FILTER (WHERE f.field = 'permit_status') AS permit_status,
        -- faa_determination
        max(f.value) FILTER (WHERE f.field = 'asn') AS asn,
        max(f.value) FILTER (WHERE f.field = 'determination') AS determination,
        max(f.value) FILTER (WHERE f.field = 'marking_lighting') AS marking_lighting,
        max(coalesce(f.value_date, TRY_CAST(f.value AS DATE))) FILTER (WHERE f.field = 'determination_date') AS determination_date,
        -- field_log
        max(coalesce(f.value_date, TRY_CAST(f.value AS DATE))) FILTER (WHERE f.field = 'log_date') AS log_date,
        max(f.value) FILTER (WHERE f.field = 'technician') AS technician,
        max(f.value) FILTER (WHERE f.field = 'activity') AS activity,
        max(f.value) FILTER (WHERE f.field = 'light_outage') AS light_outage,
        -- 080: the inputs that change a rule's case (extra fields, appended so the table's columns line up)
        max(f.value) FILTER (WHERE f.field = 'tia_revision') AS tia_revision,
        max(f.value) FILTER (WHERE f.field = 'risk_category') AS risk_category,
        max(f.value) FILTER (WHERE f.field = 'site_environment') AS site_environment,
        max(f.value) FILTER (WHERE f.field = 'petitionable') AS petitionable
    FROM fields f
    WHERE f.doc_id IN (SELECT doc_id FROM d)
    GROUP BY f.doc_id
)
SELECT d.doc_id,
       coalesce(d.site_id, p.site_id_field) AS site_id,
       d.zone, d.doc_type,
       coalesce(CASE d.doc_type
                    WHEN 'structural_inspection' THEN p.inspection_date
                    WHEN 'lease_amendment' THEN p.amendment_date
                    WHEN 'municipal_permit' THEN p.issue_date
                    WHEN 'faa_determination' THEN p.determination_date
                    WHEN 'field_log' THEN p.log_date
                END, CAST(d.ingested_at AS DATE)) AS doc_date,
       d.ingested_at,
       p.* EXCLUDE (doc_id, site_id_field)
FROM d LEFT JOIN p USING (doc_id);

ALTER TABLE site_wide ADD COLUMN IF NOT EXISTS insp_risk_category VARCHAR;
ALTER TABLE site_wide ADD COLUMN IF NOT EXISTS insp_risk_doc VARCHAR;
ALTER TABLE site_wide ADD COLUMN IF NOT EXISTS insp_environment VARCHAR;
ALTER TABLE site_wide ADD COLUMN IF NOT EXISTS insp_environment_doc VARCHAR;

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
           arg_max(doc_id, k) FILTER (WHERE doc_type = 'municipal_permit' AND approved_height_ft IS NOT NULL) AS permit_height_doc,
           arg_max(risk_category, k) FILTER (WHERE doc_type = 'structural_inspection') AS insp_risk_category,
           arg_max(doc_id, k) FILTER (WHERE doc_type = 'structural_inspection' AND risk_category IS NOT NULL) AS insp_risk_doc,
           arg_max(site_environment, k) FILTER (WHERE doc_type = 'structural_inspection') AS insp_environment,
           arg_max(doc_id, k) FILTER (WHERE doc_type = 'structural_inspection' AND site_environment IS NOT NULL) AS insp_environment_doc
    FROM r
    GROUP BY site_id;

CREATE OR REPLACE VIEW site_wide_live AS SELECT * FROM site_wide_upto(DATE '9999-12-31', true);

-- The materialized tables of an upgraded database hold NULL in the new columns until refresh_facts runs
-- again. Its signature is set to one no set of documents has, so until then every query finds the facts
-- stale and computes current ones for its session (query_runner.use_live_facts): never a rule that
-- assumes a default the documents state. The next ingest or `towerkit tags` refreshes them.
UPDATE facts_state SET signature = 'stale: migration 080 added fact columns' WHERE id = 1;

-- The new columns' comments.
COMMENT ON COLUMN doc_facts.tia_revision IS 'TIA-222 edition the structural inspection or analysis follows: f, g or h (TIA-SA-RATING: h allows 105 %).';
COMMENT ON COLUMN doc_facts.risk_category IS 'Risk category (Rev H, i to iv) or structure class (Rev G, i to iii) the inspection states, as a lowercase roman numeral.';
COMMENT ON COLUMN doc_facts.site_environment IS 'Exposure the inspection states for the site: coastal, corrosive, vandalism, or normal (none of them).';
COMMENT ON COLUMN doc_facts.petitionable IS 'yes when the FAA letter says the determination can be petitioned (it takes effect 40 days after issue), no when it says it cannot; NULL when it says neither.';
COMMENT ON COLUMN site_wide.insp_risk_category IS 'Risk category or structure class from the latest inspection that states one (i to iv).';
COMMENT ON COLUMN site_wide.insp_risk_doc IS 'Document insp_risk_category came from.';
COMMENT ON COLUMN site_wide.insp_environment IS 'Site exposure from the latest inspection that states one: coastal, corrosive, vandalism or normal.';
COMMENT ON COLUMN site_wide.insp_environment_doc IS 'Document insp_environment came from.';

-- The views' comments, as 060 and 070 set them (CREATE OR REPLACE VIEW dropped them), and the new columns'.
COMMENT ON VIEW doc_facts_live IS 'doc_facts computed from documents and fields on every read: always current, too slow to scan per query at a million documents, so refresh_facts copies it into the doc_facts table.';
COMMENT ON COLUMN doc_facts_live.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN doc_facts_live.site_id IS 'Site of the document (documents.site_id, else its site_id field).';
COMMENT ON COLUMN doc_facts_live.zone IS 'Zone of the document.';
COMMENT ON COLUMN doc_facts_live.doc_type IS 'Document type.';
COMMENT ON COLUMN doc_facts_live.doc_date IS 'The document''s own date: inspection_date, amendment_date, issue_date, determination_date or log_date by type, else the day it was ingested.';
COMMENT ON COLUMN doc_facts_live.ingested_at IS 'When the document was stored (UTC).';
COMMENT ON COLUMN doc_facts_live.asr_number IS 'FCC Antenna Structure Registration number (7 digits; structural inspections).';
COMMENT ON COLUMN doc_facts_live.structure_type IS 'monopole, self_supporting or guyed.';
COMMENT ON COLUMN doc_facts_live.structure_height_ft IS 'Structure height above ground, in feet (inspections and FAA determinations).';
COMMENT ON COLUMN doc_facts_live.inspection_date IS 'Date of the structural inspection.';
COMMENT ON COLUMN doc_facts_live.max_capacity_pct IS 'Highest member capacity the inspection found, in percent of the allowed load.';
COMMENT ON COLUMN doc_facts_live.result IS 'Inspection result: pass or fail.';
COMMENT ON COLUMN doc_facts_live.lighting_type IS 'Obstruction lighting the inspection found: none, red, white or dual.';
COMMENT ON COLUMN doc_facts_live.next_inspection_date IS 'Date the next inspection is due.';
COMMENT ON COLUMN doc_facts_live.lease_id IS 'Lease identifier (lease amendments).';
COMMENT ON COLUMN doc_facts_live.lessor IS 'Lessor (landlord) named by the amendment.';
COMMENT ON COLUMN doc_facts_live.lessee IS 'Lessee (tenant) named by the amendment.';
COMMENT ON COLUMN doc_facts_live.amendment_date IS 'Date of the lease amendment.';
COMMENT ON COLUMN doc_facts_live.commencement_date IS 'Lease commencement date.';
COMMENT ON COLUMN doc_facts_live.expiration_date IS 'Expiration date: of the lease term (amendments), the permit (permits) or the determination (FAA).';
COMMENT ON COLUMN doc_facts_live.monthly_rent_usd IS 'Monthly rent in US dollars.';
COMMENT ON COLUMN doc_facts_live.escalator_pct IS 'Annual rent escalator, in percent.';
COMMENT ON COLUMN doc_facts_live.renewal_term_years IS 'Length of one renewal term, in years.';
COMMENT ON COLUMN doc_facts_live.renewals_remaining IS 'Renewal terms left.';
COMMENT ON COLUMN doc_facts_live.notice_days IS 'Days of notice needed before expiration to renew or terminate.';
COMMENT ON COLUMN doc_facts_live.jurisdiction IS 'Authority that issued the permit (city or county).';
COMMENT ON COLUMN doc_facts_live.permit_number IS 'Permit number.';
COMMENT ON COLUMN doc_facts_live.permit_type IS 'Kind of permit (building, conditional use...).';
COMMENT ON COLUMN doc_facts_live.issue_date IS 'Date the permit was issued.';
COMMENT ON COLUMN doc_facts_live.approved_height_ft IS 'Height the permit approves, in feet.';
COMMENT ON COLUMN doc_facts_live.permit_status IS 'Permit status as printed (issued, active, expired...).';
COMMENT ON COLUMN doc_facts_live.asn IS 'FAA aeronautical study number, e.g. 2025-ASW-1234-OE.';
COMMENT ON COLUMN doc_facts_live.determination IS 'FAA determination (e.g. no hazard).';
COMMENT ON COLUMN doc_facts_live.marking_lighting IS 'Marking and lighting the FAA requires.';
COMMENT ON COLUMN doc_facts_live.determination_date IS 'Date of the FAA determination.';
COMMENT ON COLUMN doc_facts_live.log_date IS 'Date of the field visit (field logs).';
COMMENT ON COLUMN doc_facts_live.technician IS 'Technician who wrote the field log.';
COMMENT ON COLUMN doc_facts_live.activity IS 'What the visit did.';
COMMENT ON COLUMN doc_facts_live.light_outage IS 'yes when the log reports an obstruction light out, else no.';
COMMENT ON COLUMN doc_facts_live.tia_revision IS 'TIA-222 edition the structural inspection or analysis follows: f, g or h (TIA-SA-RATING: h allows 105 %).';
COMMENT ON COLUMN doc_facts_live.risk_category IS 'Risk category (Rev H, i to iv) or structure class (Rev G, i to iii) the inspection states, as a lowercase roman numeral.';
COMMENT ON COLUMN doc_facts_live.site_environment IS 'Exposure the inspection states for the site: coastal, corrosive, vandalism, or normal (none of them).';
COMMENT ON COLUMN doc_facts_live.petitionable IS 'yes when the FAA letter says the determination can be petitioned (it takes effect 40 days after issue), no when it says it cannot; NULL when it says neither.';
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
COMMENT ON COLUMN site_wide_live.insp_risk_category IS 'Risk category or structure class from the latest inspection that states one (i to iv).';
COMMENT ON COLUMN site_wide_live.insp_risk_doc IS 'Document insp_risk_category came from.';
COMMENT ON COLUMN site_wide_live.insp_environment IS 'Site exposure from the latest inspection that states one: coastal, corrosive, vandalism or normal.';
COMMENT ON COLUMN site_wide_live.insp_environment_doc IS 'Document insp_environment came from.';
