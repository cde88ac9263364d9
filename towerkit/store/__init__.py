"""The database: the only package that imports duckdb."""

from towerkit.store.db import Connection, apply_migrations, connect, default_db_path, open_db, utcnow

__all__ = ["Connection", "apply_migrations", "connect", "default_db_path", "open_db", "utcnow"]
