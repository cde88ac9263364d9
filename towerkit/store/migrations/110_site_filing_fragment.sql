-- 110: documents.site_id also follows the folder when a scan read only a fragment of the printed id
-- (towerkit.fields.filing: '413' cut out of 'US-Ks-/413'). Only the column's description changes.

COMMENT ON COLUMN documents.site_id IS 'Tower site the document belongs to: its site_id field, else the site folder it was found in; the folder also when the field was read from a scan and differs from the folder''s id by a glyph misread (US-TX-9454 in folder US-TX-9451), or is only a fragment of a garbled reading (413 out of US-Ks-/413).';
