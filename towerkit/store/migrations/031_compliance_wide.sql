-- 031: per-site and per-lease facts as small materialized tables, measured necessary at 1M documents
-- (pivoting site_doc_facts' ~5M rows per query took seconds; these tables have one row per site or lease).
-- refresh_facts() rebuilds them after doc_facts; ranks are integers (struct-key arg_max was 10x slower).

-- One row per site: the latest value of each fact the rules compare, with the document it came from.
-- "Latest" is per document type by doc_date, then ingested_at, then doc_id; field-level (a later document
-- that leaves a field out keeps the earlier value), except *_last which is the latest document itself.
CREATE OR REPLACE VIEW site_wide_live AS
WITH r AS (
    SELECT *, row_number() OVER (PARTITION BY site_id, doc_type
                                 ORDER BY doc_date ASC NULLS FIRST, ingested_at ASC NULLS FIRST, doc_id) AS k
    FROM doc_facts
    WHERE site_id IS NOT NULL
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

CREATE TABLE IF NOT EXISTS site_wide AS SELECT * FROM site_wide_live WITH NO DATA;

-- Effective terms per lease: for each term, the latest amendment (by amendment_date, then ingestion
-- time, then doc_id) that sets it wins; amendments that leave a term out keep the older value.
CREATE OR REPLACE VIEW lease_effective_live AS
WITH a AS (
    SELECT *, row_number() OVER (PARTITION BY site_id, lease_id
                                 ORDER BY amendment_date ASC NULLS FIRST, ingested_at ASC NULLS FIRST, doc_id) AS k
    FROM doc_facts
    WHERE doc_type = 'lease_amendment' AND lease_id IS NOT NULL AND site_id IS NOT NULL
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
       list(doc_id ORDER BY k) AS doc_ids
FROM a
GROUP BY site_id, lease_id;

DROP VIEW IF EXISTS lease_effective;
CREATE TABLE IF NOT EXISTS lease_effective AS SELECT * FROM lease_effective_live WITH NO DATA;

-- site_doc_facts (030) again, with an integer document rank: the struct-key arg_max of 030 was the
-- slowest step of refresh_facts at 1M documents. Same rows, same order of preference.
CREATE OR REPLACE VIEW site_doc_facts_live AS
WITH ranked AS (
    SELECT doc_id, site_id, doc_type, zone, doc_date, ingested_at,
           row_number() OVER (PARTITION BY site_id, doc_type
                              ORDER BY doc_date ASC NULLS FIRST, ingested_at ASC NULLS FIRST, doc_id) AS k
    FROM doc_facts
    WHERE site_id IS NOT NULL
),
picked AS (
    SELECT d.site_id, d.doc_type, f.field,
           arg_max({'zone': d.zone, 'value': f.value, 'value_num': f.value_num, 'value_date': f.value_date,
                    'doc_id': f.doc_id, 'doc_date': d.doc_date, 'ingested_at': d.ingested_at}, d.k) AS v
    FROM fields f JOIN ranked d USING (doc_id)
    WHERE f.value IS NOT NULL OR f.value_num IS NOT NULL OR f.value_date IS NOT NULL
    GROUP BY d.site_id, d.doc_type, f.field
)
SELECT site_id, doc_type, field, v.zone, v.value, v.value_num, v.value_date, v.doc_id, v.doc_date, v.ingested_at
FROM picked;
