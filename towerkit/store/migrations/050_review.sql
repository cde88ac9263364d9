-- 050: what extraction missed and how an analyst fixes it (issue 18): a review queue apart from
-- drift quarantine, human corrections that keep the evidence, extraction revisions, the catalog in
-- force per document type (for coverage), and the user catalog kept beside the database.
--
-- `fields` keeps meaning "the values in force": the rows of the document's current extraction
-- revision, except that a field an analyst corrected holds the correction's row (`source =
-- 'correction'`) instead of the extracted one. Every row that leaves `fields` (an older revision
-- after `reextract`, an extracted value a correction replaced) moves to `field_history` with when
-- and why, so nothing read is ever lost and `towerkit lineage` can show both.

ALTER TABLE fields ADD COLUMN IF NOT EXISTS revision INTEGER DEFAULT 1;
ALTER TABLE fields ADD COLUMN IF NOT EXISTS source VARCHAR DEFAULT 'extracted';  -- extracted | correction
ALTER TABLE documents ADD COLUMN IF NOT EXISTS extraction_revision INTEGER DEFAULT 1;

CREATE TABLE IF NOT EXISTS field_history (
    doc_id         VARCHAR NOT NULL,
    field          VARCHAR NOT NULL,
    value          VARCHAR,
    value_num      DOUBLE,
    value_date     DATE,
    raw_text       VARCHAR,
    page           INTEGER,
    x0             DOUBLE,
    top            DOUBLE,
    x1             DOUBLE,
    bottom         DOUBLE,
    confidence     DOUBLE,
    value_sha256   VARCHAR,
    error          VARCHAR,
    label          VARCHAR,
    revision       INTEGER,
    source         VARCHAR,
    superseded_at  TIMESTAMP NOT NULL,
    superseded_by  VARCHAR NOT NULL     -- 'reextract' | 'correction <id>'
);

-- One row per document that needs a person: unknown type, missing critical fields, low confidence,
-- values that did not normalise. The document stays `ingested` and queryable meanwhile.
CREATE TABLE IF NOT EXISTS review_queue (
    doc_id       VARCHAR PRIMARY KEY,
    reasons      VARCHAR[],
    status       VARCHAR NOT NULL,      -- pending | accepted | cleared (nothing left to review)
    queued_at    TIMESTAMP NOT NULL,
    resolved_at  TIMESTAMP,
    resolved_by  VARCHAR
);

CREATE SEQUENCE IF NOT EXISTS correction_ids START 1;

-- A human correction: what was typed, what it normalised to, who, when, why, and the value it
-- replaced. `record_sha256` is the sha256 of the row's canonical JSON; the audit chain carries it,
-- so an edited correction row fails `towerkit audit verify`.
CREATE TABLE IF NOT EXISTS corrections (
    correction_id   INTEGER PRIMARY KEY DEFAULT nextval('correction_ids'),
    doc_id          VARCHAR NOT NULL,
    field           VARCHAR NOT NULL,
    typed           VARCHAR NOT NULL,
    value           VARCHAR NOT NULL,
    value_num       DOUBLE,
    value_date      DATE,
    previous_value  VARCHAR,
    reason          VARCHAR,
    corrected_by    VARCHAR NOT NULL,
    corrected_at    TIMESTAMP NOT NULL,
    record_sha256   VARCHAR NOT NULL
);

-- The fields the catalog in force expects per document type, so coverage is plain SQL.
CREATE TABLE IF NOT EXISTS catalog_fields (
    doc_type        VARCHAR NOT NULL,
    field           VARCHAR NOT NULL,
    critical        BOOLEAN NOT NULL,
    catalog_sha256  VARCHAR,
    PRIMARY KEY (doc_type, field)
);

-- The user catalog file beside the database (written by `towerkit catalog add-label`), by sha256:
-- `ingest` and `reextract` use it by default, and the latest row tells which version was in force.
CREATE TABLE IF NOT EXISTS user_catalogs (
    path         VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    recorded_by  VARCHAR
);

-- Does a compliance finding rest on a document waiting for review? Set when tags are stored.
ALTER TABLE compliance_tags ADD COLUMN IF NOT EXISTS under_review BOOLEAN DEFAULT false;
