-- name: coverage
-- kind: report
-- description: How often each field the catalog expects was found, per group of ingested documents (towerkit coverage).
-- row: one (group, document type, expected field) with how many of the group's documents of that type carry the field
-- key: group_id, doc_type, field
-- columns: group, doc_type, documents, field, critical, found, share, group_id, unmapped_labels
-- boundary: ingested documents only (pending, quarantined and failed ones are left out); a field is found when its
--   row in force has a value that normalised (no error); the expected fields are catalog_fields, the catalog in
--   force; a document of no known type gives one row with field NULL; unmapped_labels lists, for a field some
--   documents lack, up to five labels no field took in those documents (lower case, punctuation folded), those
--   printed in the most of them first, then those the type's other documents print least.
-- param: by VARCHAR = 'doc_type'   (group documents by doc_type, template, issuer or zone)
WITH docs AS (
    SELECT d.doc_id,
           coalesce(d.doc_type, 'unknown') AS doc_type,
           coalesce(CASE CAST($by AS VARCHAR)
                        WHEN 'template' THEN d.template_id
                        WHEN 'issuer' THEN d.issuer
                        WHEN 'zone' THEN d.zone
                        ELSE d.doc_type END, 'unknown') AS group_id
    FROM documents d
    WHERE d.status = 'ingested'
),
names AS (  -- a template is shown by its issuer, type and revision, its id only where two would read the same
    SELECT template_id,
           coalesce(issuer, 'unknown issuer') || ' / ' || coalesce(doc_type, 'unknown') || ' r'
               || coalesce(CAST(revision AS VARCHAR), '?') AS name
    FROM templates
),
group_names AS (
    SELECT g.group_id,
           CASE WHEN CAST($by AS VARCHAR) <> 'template' OR n.name IS NULL THEN g.group_id
                WHEN count(*) OVER (PARTITION BY n.name) > 1 THEN n.name || ' (' || g.group_id || ')'
                ELSE n.name END AS "group"
    FROM (SELECT DISTINCT group_id FROM docs) g
    LEFT JOIN names n ON n.template_id = g.group_id
),
expected AS (
    SELECT x.doc_id, x.doc_type, x.group_id, c.field, c.critical
    FROM docs x LEFT JOIN catalog_fields c ON c.doc_type = x.doc_type
),
found AS (
    SELECT DISTINCT f.doc_id, f.field
    FROM fields f SEMI JOIN docs x ON x.doc_id = f.doc_id
    WHERE f.value IS NOT NULL AND f.error IS NULL
),
marked AS (
    SELECT e.*, fo.doc_id IS NOT NULL AS has_field
    FROM expected e LEFT JOIN found fo ON fo.doc_id = e.doc_id AND fo.field = e.field
),
unmapped AS (
    SELECT DISTINCT k.doc_id, trim(regexp_replace(lower(k.label), '[^a-z0-9%#]+', ' ', 'g')) AS label
    FROM kv_pairs k SEMI JOIN docs x ON x.doc_id = k.doc_id
    WHERE k.field IS NULL AND k.label IS NOT NULL
),
label_spread AS (  -- how many documents of the type print the label: common labels explain no gap
    SELECT x.doc_type, u.label, count(*) AS type_docs
    FROM unmapped u JOIN docs x USING (doc_id)
    GROUP BY ALL
),
in_missing AS (
    SELECT m.group_id, m.doc_type, m.field, u.label, count(*) AS docs
    FROM marked m JOIN unmapped u ON u.doc_id = m.doc_id
    WHERE m.field IS NOT NULL AND NOT m.has_field AND u.label <> ''
    GROUP BY ALL
),
ranked AS (
    SELECT i.group_id, i.doc_type, i.field,
           list(i.label ORDER BY i.docs DESC, s.type_docs, i.label)[1:5] AS unmapped_labels
    FROM in_missing i JOIN label_spread s USING (doc_type, label)
    GROUP BY i.group_id, i.doc_type, i.field
),
counts AS (
    SELECT group_id, doc_type, field,
           any_value(critical) AS critical,
           count(*) AS documents,
           CASE WHEN field IS NULL THEN NULL ELSE count(*) FILTER (WHERE has_field) END AS found
    FROM marked
    GROUP BY group_id, doc_type, field
)
SELECT n."group", c.doc_type, c.documents, c.field, c.critical, c.found,
       round(c.found / c.documents, 4) AS share, c.group_id,
       coalesce(r.unmapped_labels, CAST([] AS VARCHAR[])) AS unmapped_labels
FROM counts c
JOIN group_names n USING (group_id)
LEFT JOIN ranked r USING (group_id, doc_type, field)
ORDER BY n."group", c.doc_type, c.critical DESC NULLS LAST, share NULLS LAST, c.field;
