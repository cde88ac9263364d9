-- 040: every label -> value pair the layout reader found (issue 17), and how sure the document type is.
--
-- One kv_pairs row per pair of every stored document (ingested or quarantined), whether or not a
-- catalog field took it: `field` names the field the label maps to (NULL when none does),
-- `field_score` how well (0-1), and `chosen` whether the field's value came from this pair; the other
-- pairs mapped to the same field are its runners-up, kept for review. Boxes are PDF points from the
-- page's top-left corner, like every other box in the database (OCR boxes included).

CREATE TABLE IF NOT EXISTS kv_pairs (
    doc_id        VARCHAR NOT NULL,
    pair_no       INTEGER,        -- order within the document (page, top, left), from 1
    page          INTEGER,
    label         VARCHAR,
    value         VARCHAR,
    label_x0      DOUBLE,
    label_top     DOUBLE,
    label_x1      DOUBLE,
    label_bottom  DOUBLE,
    value_x0      DOUBLE,
    value_top     DOUBLE,
    value_x1      DOUBLE,
    value_bottom  DOUBLE,
    kind          VARCHAR,        -- same_line | leader | below | boxed | table | header_row | clause | checkbox | export
    confidence    DOUBLE,
    field         VARCHAR,
    field_score   DOUBLE,
    chosen        BOOLEAN
);

-- The classifier's confidence in documents.doc_type (0-1); NULL for documents stored before it.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS doc_type_confidence DOUBLE;
