"""What analysts read: report data access, analysis by concern, plots, papermill jobs, lineage, bundles.

Owns the read-only side: opening the database for a notebook while others write (``data``), the
analyses the notebooks show, their plots, running notebooks as batch jobs (``jobs``), a value's
lineage back to its file (``lineage``) and evidence bundles a regulator can verify offline
(``bundle``). Notebooks import from here and from ``towerkit.queries`` only.

May import every floor below it (pipeline included, for the run manifest); only ``cli`` sits above.
"""
