-- 100: documents.site_id follows the folder when a scan misread the printed id by a glyph
-- (towerkit.fields.filing). Only the column's description changes.

COMMENT ON COLUMN documents.site_id IS 'Tower site the document belongs to: its site_id field, else the site folder it was found in; the folder also when the field was read from a scan and differs from the folder''s id by a glyph misread (US-TX-9454 in folder US-TX-9451).';
