"""Format drift: layout fingerprints, the drift assessment, the template registry's policy, alerts.

Owns what a layout is (``fingerprint``), whether a document's fields sit where its template put
them (``records``, ``pagefit``, ``checks``, ``assessment``), the alert texts (``alerts``), and the
policy that decides templates and verdicts at the end of a run (``registry``, with ``reads`` for
what it reads, ``enrollment`` for the templates a batch brings, ``identity`` for telling a known form
changed from a form of its own, and ``outcomes`` for the rows a verdict writes) and when an analyst
approves or rejects a quarantined document (``review``). The SQL those decisions read and write
lives in ``towerkit.store`` (``templates``, ``review``); this package decides, the store stores.

May import: fields (label folding, re-extraction from stored words), store, audit, columns, models,
config, errors. Never engines' I/O, the pipeline, reports or the CLI.
"""
