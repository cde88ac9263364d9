-- 120: kv_pairs.kind gains 'list': a label whose value is a list, one entry a line under the first
-- (towerkit.fields.reader_lists: 'cc:' over a column of names), stored one pair an entry. Only the
-- column's description changes.

COMMENT ON COLUMN kv_pairs.kind IS 'How label and value are laid out: same_line, leader (dots), below, boxed, table, header_row, clause (prose), checkbox, export (a CSV/TSV column) or list (one entry of a list under its label, a pair an entry).';
