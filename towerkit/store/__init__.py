"""The database: the only package that imports duckdb. SQL only, no policy.

Owns opening a database and upgrading it (``db``, ``migrations/``), a run's batches and their
transactions (``batch``, ``writer``), the audit chain's rows (``audit_log``) and a value's lineage
rows (``lineage``), the rows the drift registry and review read and write (``templates``,
``review``), running queries and rebuilding the facts tables (``query_runner``) and storing
compliance tags (``compliance_store``). What the rows mean is decided above; a second store
(DuckLake) plugs in here and nothing above changes.

May import: audit, columns, models, config, errors (never compliance, queries or anything above).
"""

from towerkit.store.db import Connection, apply_migrations, connect, default_db, default_db_path, open_db, utcnow

__all__ = ["Connection", "apply_migrations", "connect", "default_db", "default_db_path", "open_db", "utcnow"]
