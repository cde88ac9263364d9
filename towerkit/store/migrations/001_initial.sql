-- 001: the tables of DESIGN.md's database contract.

CREATE TABLE IF NOT EXISTS runs (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    args         JSON,
    files        INTEGER,
    ingested     INTEGER,
    quarantined  INTEGER,
    failed       INTEGER,
    duplicates   INTEGER,
    version      VARCHAR,
    manifest     JSON,
    status       VARCHAR DEFAULT 'running'   -- running | finished | interrupted
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id        VARCHAR PRIMARY KEY,       -- the content's sha256
    sha256        VARCHAR NOT NULL,
    path          VARCHAR NOT NULL,          -- where it was first seen
    size_bytes    BIGINT,
    zone          VARCHAR,
    site_id       VARCHAR,
    doc_type      VARCHAR,
    issuer        VARCHAR,
    engine        VARCHAR,                   -- pdfplumber | tesseract | text
    route         VARCHAR,                   -- text | ocr
    route_reason  VARCHAR,
    page_count    INTEGER,
    template_id   VARCHAR,
    fingerprint   VARCHAR,
    status        VARCHAR NOT NULL,          -- pending | ingested | quarantined | failed
    error_kind    VARCHAR,
    error         VARCHAR,
    run_id        VARCHAR,
    ingested_at   TIMESTAMP
);

CREATE TABLE IF NOT EXISTS document_paths (
    run_id   VARCHAR NOT NULL,
    path     VARCHAR NOT NULL,
    doc_id   VARCHAR,                        -- NULL only when the file could not even be read
    outcome  VARCHAR NOT NULL,               -- ingested | quarantined | failed | duplicate
    reason   VARCHAR,
    zone     VARCHAR,
    seen_at  TIMESTAMP,
    PRIMARY KEY (run_id, path)
);

CREATE TABLE IF NOT EXISTS pages (
    doc_id          VARCHAR NOT NULL,
    page            INTEGER NOT NULL,
    route           VARCHAR,
    engine          VARCHAR,
    chars           INTEGER,
    char_density    DOUBLE,
    unmapped_ratio  DOUBLE,
    image_coverage  DOUBLE,
    width           DOUBLE,
    height          DOUBLE,
    reason          VARCHAR,
    seconds         DOUBLE,
    PRIMARY KEY (doc_id, page)
);

CREATE TABLE IF NOT EXISTS fields (
    doc_id        VARCHAR NOT NULL,
    field         VARCHAR NOT NULL,
    value         VARCHAR,
    value_num     DOUBLE,
    value_date    DATE,
    raw_text      VARCHAR,
    page          INTEGER,
    x0            DOUBLE,
    top           DOUBLE,
    x1            DOUBLE,
    bottom        DOUBLE,
    confidence    DOUBLE,
    value_sha256  VARCHAR,
    error         VARCHAR,
    label         VARCHAR
);

CREATE TABLE IF NOT EXISTS tokens (
    doc_id  VARCHAR NOT NULL,
    page    INTEGER,
    text    VARCHAR,
    x0      DOUBLE,
    top     DOUBLE,
    x1      DOUBLE,
    bottom  DOUBLE,
    conf    DOUBLE
);

CREATE TABLE IF NOT EXISTS doc_tables (
    doc_id    VARCHAR NOT NULL,
    page      INTEGER,
    table_no  INTEGER,
    row_no    INTEGER,
    cells     VARCHAR[]
);

CREATE TABLE IF NOT EXISTS templates (
    template_id  VARCHAR PRIMARY KEY,
    doc_type     VARCHAR,
    issuer       VARCHAR,
    fingerprint  VARCHAR,
    signature    JSON,
    revision     INTEGER,
    parent_id    VARCHAR,
    status       VARCHAR,
    first_seen   TIMESTAMP
);

CREATE TABLE IF NOT EXISTS drift_events (
    doc_id       VARCHAR NOT NULL,
    template_id  VARCHAR,
    kind         VARCHAR,        -- field_moved | field_missing | new_label | unknown_layout
    field        VARCHAR,
    expected     VARCHAR,
    observed     VARCHAR,
    delta_pt     DOUBLE,
    severity     VARCHAR,        -- minor | major
    detected_at  TIMESTAMP
);

CREATE TABLE IF NOT EXISTS quarantine (
    doc_id       VARCHAR PRIMARY KEY,
    reasons      VARCHAR,
    status       VARCHAR,        -- pending | approved | rejected
    queued_at    TIMESTAMP,
    resolved_at  TIMESTAMP,
    resolved_by  VARCHAR
);

CREATE SEQUENCE IF NOT EXISTS alert_ids START 1;
CREATE TABLE IF NOT EXISTS alerts (
    alert_id      BIGINT PRIMARY KEY DEFAULT nextval('alert_ids'),
    created_at    TIMESTAMP,
    severity      VARCHAR,
    site_id       VARCHAR,
    doc_id        VARCHAR,
    kind          VARCHAR,
    message       VARCHAR,
    acknowledged  BOOLEAN DEFAULT false
);

CREATE TABLE IF NOT EXISTS audit_log (
    seq            BIGINT PRIMARY KEY,
    run_id         VARCHAR,
    logged_at      TIMESTAMP,
    event          VARCHAR,
    doc_id         VARCHAR,
    file_sha256    VARCHAR,
    fields_sha256  VARCHAR,
    detail         JSON,
    prev_hash      VARCHAR,
    entry_hash     VARCHAR
);

CREATE OR REPLACE VIEW site_facts AS
SELECT site_id, field, value, value_num, value_date, doc_id, doc_type
FROM (
    SELECT d.site_id, f.field, f.value, f.value_num, f.value_date, f.doc_id, d.doc_type,
           row_number() OVER (PARTITION BY d.site_id, f.field
                              ORDER BY d.ingested_at DESC, f.doc_id DESC) AS rn
    FROM fields f JOIN documents d USING (doc_id)
    WHERE d.status = 'ingested' AND d.site_id IS NOT NULL AND f.value IS NOT NULL
)
WHERE rn = 1;
