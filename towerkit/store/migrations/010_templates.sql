-- 010: template registry details, per-document layouts, review bookkeeping (issue 4).

-- The static shingles and the expected field positions of each template revision.
ALTER TABLE templates ADD COLUMN IF NOT EXISTS shingles JSON;
ALTER TABLE templates ADD COLUMN IF NOT EXISTS field_positions JSON;
ALTER TABLE templates ADD COLUMN IF NOT EXISTS baseline_docs INTEGER;
ALTER TABLE templates ADD COLUMN IF NOT EXISTS approved_by VARCHAR;
ALTER TABLE templates ADD COLUMN IF NOT EXISTS source_doc_id VARCHAR;

-- The layout fingerprint of every resolved document, so review and notebooks need not recompute.
CREATE TABLE IF NOT EXISTS doc_layouts (
    doc_id       VARCHAR PRIMARY KEY,
    fingerprint  VARCHAR NOT NULL,
    shingles     VARCHAR[],
    signature    BIGINT[],
    similarity   DOUBLE,          -- to the template revision it was matched (or nearest) to
    template_id  VARCHAR
);

-- Which revision a quarantined document was nearest to (the parent of an approved revision).
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS template_id VARCHAR;

ALTER TABLE alerts ADD COLUMN IF NOT EXISTS acknowledged_at TIMESTAMP;
