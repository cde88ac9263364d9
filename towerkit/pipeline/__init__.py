"""The ingest pipeline: one file's walk from a folder to the writer, and the executor seam.

Owns discovery (``discover``), streaming hashes (``hashing``), the bounded asyncio queues and the
run itself (``ingest``), the process pool that runs extraction (``pool``) and the function it runs
in each worker (``worker``, which packs a document's rows with ``pack``), progress and the per-run
event log. A new executor (Dask distributed) plugs in beside ``pool``: it takes a ``FileTask`` and
returns a ``DocResult``, nothing else changes.

May import every floor below it: drift, fields, engines, compliance, queries, store, audit,
columns, models, config, errors. Nothing here is imported by them; only ``reports`` and ``cli``
sit above.
"""
