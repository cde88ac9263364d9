"""Numbered schema migrations (``NNN_name.sql``), applied in order by ``towerkit.store.db``.

Data only: SQL files read as package resources. This package imports nothing.
"""
