"""Review and teaching: what extraction missed, corrections that keep the evidence, re-extraction.

``queue`` decides which documents need a person and lists them; ``corrections`` records a human
value over an extracted one; ``reextract`` reads stored words again (no OCR, no source files) under
the catalog in force; ``coverage`` and ``teach`` show which printed labels no field took and write
them into the user catalog. Rows are ``towerkit.store``'s; the meaning is decided here.

May import: drift, fields, compliance, queries, store and below (never pipeline, reports or cli).
"""
