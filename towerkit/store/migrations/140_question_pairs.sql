-- 140: kv_pairs.kind gains 'question': a questionnaire's numbered question over the answer on the line
-- under it (towerkit.fields.reader_questions). Only the column's description changes.

COMMENT ON COLUMN kv_pairs.kind IS 'How label and value are laid out: same_line, leader (dots), below, boxed, table, header_row, clause (prose), checkbox, export (a CSV/TSV column), list (one entry of a list under its label, a pair an entry), caption (a label printed small under its value) or question (a numbered question over its answer).';
