"""The audit trail's pure core: canonical forms (``canonical``) and the chain's verification (``chain``).

No database and no I/O: ``towerkit.store.audit_log`` reads and writes the rows, this package only
decides what the bytes are and whether they still add up, so an evidence bundle can be re-verified
offline by the same code. May import: models, config, errors.
"""
