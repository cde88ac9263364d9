-- 130: kv_pairs.kind gains 'caption': a label printed small under its value, as a fill-in blank names
-- the value typed on its rule (towerkit.fields.reader_captions). Only the column's description changes.

COMMENT ON COLUMN kv_pairs.kind IS 'How label and value are laid out: same_line, leader (dots), below, boxed, table, header_row, clause (prose), checkbox, export (a CSV/TSV column), list (one entry of a list under its label, a pair an entry) or caption (a label printed small under its value).';
