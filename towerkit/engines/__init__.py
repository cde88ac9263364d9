"""Extraction engines: from a file's bytes and the settings to words, tables and page records.

Owns sniffing a file's real type (``sniff``), the per-page text-layer probe (``probe``), the route
each page takes (``routing``), the three engines (``pdf`` for pdfplumber, ``ocr`` for Tesseract,
``text`` for legacy logs) and ``extract``, which runs them page by page. Everything here is a pure
function of the file and ``Settings`` and runs inside a worker process, so it must stay picklable
and free of database or asyncio code.

May import: columns (the stored-only row builder), models, config, errors. Never drift, fields,
the store or the pipeline.
"""
