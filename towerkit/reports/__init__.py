"""What analysts read: notebook data, analyses by concern, tables, plots, papermill jobs, lineage, bundles.

- ``data``: opening the database read-only while others write (bounded wait, then ``DatabaseBusy``);
  ``loaders``: what each notebook reads through it, in one short visit.
- ``compliance_summary``, ``drift_timeline``, ``clustering``: the pure analyses each notebook
  shows (polars frames in, frames or arrays out); ``tables`` and ``plots`` display them.
- ``notebook``: what a notebook needs around them (its report date, ``glue``/``read_glue``, display helpers);
  ``footer``: the audit head, database snapshot and catalog version every report ends with.
- ``compliance_report``, ``drift_report``, ``clustering_report``, ``ingest_report``, ``review_report``:
  one module per notebook, a function per section, so the notebooks hold only calls.
- ``jobs`` runs notebooks as batch jobs after ``report_parameters`` has checked their parameters.
- ``lineage``: a value's lineage back to its file, and run diffs; ``bundle``: evidence bundles a
  regulator can verify offline.

Notebooks import from here and from ``towerkit.queries`` only. May import every floor below it
(pipeline included, for the run manifest); only ``cli`` sits above.
"""
