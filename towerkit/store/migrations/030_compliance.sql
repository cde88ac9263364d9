-- 030: facts the compliance queries read, and the compliance tags they produce.
--
-- Live views (always current, too slow to scan per query at 1M documents) feed materialized
-- tables that towerkit.store.query_runner.refresh_facts() rebuilds; towerkit.compliance.refresh_tags()
-- calls it first, so one call after each ingest keeps facts and tags current.
-- Only documents with status 'ingested' count. A document's own date (doc_date) is the date
-- field of its type, falling back to the day it was ingested.

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
        max(f.value) FILTER (WHERE f.field = 'light_outage') AS light_outage
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

CREATE TABLE IF NOT EXISTS doc_facts AS SELECT * FROM doc_facts_live WITH NO DATA;

-- The latest value of each field per (site, doc_type): "latest" by the document's own date, then
-- ingestion time, then doc_id, so the choice is deterministic. Reads the materialized doc_facts.
CREATE OR REPLACE VIEW site_doc_facts_live AS
SELECT df.site_id, df.doc_type, f.field,
       arg_max({'zone': df.zone, 'value': f.value, 'value_num': f.value_num, 'value_date': f.value_date,
                'doc_id': f.doc_id, 'doc_date': df.doc_date, 'ingested_at': df.ingested_at},
               {'d': coalesce(df.doc_date, DATE '0001-01-01'),
                't': coalesce(df.ingested_at, TIMESTAMP '0001-01-01'), 'id': f.doc_id}) AS v
FROM fields f JOIN doc_facts df USING (doc_id)
WHERE df.site_id IS NOT NULL
  AND (f.value IS NOT NULL OR f.value_num IS NOT NULL OR f.value_date IS NOT NULL)
GROUP BY df.site_id, df.doc_type, f.field;

CREATE TABLE IF NOT EXISTS site_doc_facts (
    site_id      VARCHAR NOT NULL,
    doc_type     VARCHAR,
    field        VARCHAR NOT NULL,
    zone         VARCHAR,
    value        VARCHAR,
    value_num    DOUBLE,
    value_date   DATE,
    doc_id       VARCHAR NOT NULL,
    doc_date     DATE,
    ingested_at  TIMESTAMP
);

-- DESIGN.md's site_facts: the latest value of each field per site across document types.
CREATE OR REPLACE VIEW site_facts AS
SELECT site_id, field, value, value_num, value_date, doc_id, doc_type, doc_date, zone
FROM site_doc_facts
QUALIFY row_number() OVER (PARTITION BY site_id, field
                           ORDER BY doc_date DESC NULLS LAST, ingested_at DESC NULLS LAST, doc_id DESC) = 1;

-- What refresh_facts saw, so readers can tell stale facts from current ones.
CREATE TABLE IF NOT EXISTS facts_state (
    id            INTEGER PRIMARY KEY,
    signature     VARCHAR,
    documents     BIGINT,
    refreshed_at  TIMESTAMP,
    seconds       DOUBLE
);

CREATE TABLE IF NOT EXISTS compliance_tags (
    site_id      VARCHAR NOT NULL,
    rule_id      VARCHAR NOT NULL,
    tag          VARCHAR NOT NULL,
    severity     VARCHAR,
    due_date     DATE,
    doc_ids      VARCHAR[],
    query        VARCHAR,
    as_of        DATE,
    computed_at  TIMESTAMP
);

-- Effective terms per lease: for each term, the latest amendment (by amendment_date, then
-- ingestion time, then doc_id) that sets it wins; amendments that leave a term out keep the older value.
CREATE OR REPLACE VIEW lease_effective AS
WITH a AS (
    SELECT *, {'d': coalesce(amendment_date, DATE '0001-01-01'),
               't': coalesce(ingested_at, TIMESTAMP '0001-01-01'), 'id': doc_id} AS k
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
