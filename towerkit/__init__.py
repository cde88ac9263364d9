"""towerkit: telecom tower documents into an auditable, query-ready DuckDB database."""

__version__ = "0.1.0"
