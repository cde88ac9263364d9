"""Field extraction: document type, issuer and canonical fields from an ExtractedDoc.

Public API (the pipeline and the drift engine call exactly these)::

    catalog = load_catalog(extra=None)           # packaged catalog.toml + optional user TOML
    cls = classify(doc, catalog)                 # Classification(doc_type, issuer, confidence)
    fields = extract_fields(doc, cls, catalog)   # tuple[FieldValue, ...]
    fields, pairs = read_fields(doc, cls, catalog)  # ... and every label/value pair, mapped to fields
    pairs = read_pairs(doc)                      # the layout reader alone: no catalog
    catalog.critical(doc_type); catalog.labels(field); catalog.digest

Owns the field catalog (``catalog``), document classification (``classify``), line and label
layout (``layout``), the extraction strategies (``strategies``, run by ``extract``), the value
normalizers (``normalize``) and OCR glyph repair (``glyphs``).

May import: models, config, errors, columns, audit. Never drift, engines, the store or the pipeline.
"""

from towerkit.fields.catalog import Catalog, FieldSpec, label_key, load_catalog
from towerkit.fields.classify import classify
from towerkit.fields.extract import extract_fields, read_fields
from towerkit.fields.reader import read_pairs

__all__ = [
    "Catalog",
    "FieldSpec",
    "classify",
    "extract_fields",
    "label_key",
    "load_catalog",
    "read_fields",
    "read_pairs",
]
