"""The database: the only package that imports duckdb. SQL only, no policy.

May import: audit, columns, models, config, errors (never compliance, queries or anything above).
"""

from towerkit.store.db import Connection, apply_migrations, connect, default_db_path, open_db, utcnow

__all__ = ["Connection", "apply_migrations", "connect", "default_db_path", "open_db", "utcnow"]
