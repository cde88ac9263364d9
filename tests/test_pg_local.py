# ruff: noqa: S101, PLR2004, INP001
"""scripts/pg-local.sh: the private PostgreSQL that DuckLake's catalog and the scale tests run on.

DuckDB reaches it as towerkit will: the extensions are LOADed from the PyPI wheels by file path with
autoinstall off (they register nothing themselves), then ``ducklake:postgres:CONNINFO`` is ATTACHed.
"""

from __future__ import annotations

import importlib
import socket
from pathlib import Path

import duckdb
from pg_cluster import free_port, new_database, parse_conninfo, pg_local, private_cluster


def extension_file(package: str, name: str) -> Path:
    """The signed extension file inside a ``duckdb_extension_*`` wheel, built for this DuckDB."""
    module = importlib.import_module(package)
    assert module.__file__ is not None
    path = Path(module.__file__).parent / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    assert path.is_file(), f"{package} holds no {name} extension for DuckDB {duckdb.__version__}"
    return path


def lake_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that can open a PostgreSQL-catalogued DuckLake without reaching the network."""
    conn = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    # The scanner before ATTACH: DuckLake finds the postgres catalog type only once it is loaded.
    conn.execute(f"LOAD '{extension_file('duckdb_extension_postgres_scanner', 'postgres_scanner')}'")
    conn.execute(f"LOAD '{extension_file('duckdb_extension_ducklake', 'ducklake')}'")
    return conn


def accepts_connections(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_conninfo_names_a_local_server(pg_conninfo: str) -> None:
    """The script prints a conninfo for the towerkit database on 127.0.0.1, where a server is listening."""
    keys = parse_conninfo(pg_conninfo)
    assert keys["dbname"] == "towerkit"
    assert keys["host"] == "127.0.0.1"
    assert keys["user"] == "postgres"
    assert accepts_connections(int(keys["port"]))


def test_ducklake_on_the_private_catalog(pg_conninfo: str, tmp_path: Path) -> None:
    """A DuckLake ATTACHed on the cluster answers queries, writes Parquet to DATA_PATH and its catalog to PostgreSQL."""
    lake = new_database(pg_conninfo)
    data = tmp_path / "lake"
    conn = lake_connection()
    conn.execute(f"ATTACH 'ducklake:postgres:{lake}' AS lake (DATA_PATH '{data}')")
    assert conn.execute("SELECT 1").fetchall() == [(1,)]
    # More rows than DuckLake inlines into the catalog itself, so a Parquet file must be written.
    conn.execute("CREATE TABLE lake.probe AS SELECT range AS n FROM range(10000)")
    conn.close()
    assert list(data.rglob("*.parquet")), "DuckLake wrote no Parquet file under DATA_PATH"

    # A second process-like reader sees the table through the catalog alone.
    reader = lake_connection()
    reader.execute(f"ATTACH 'ducklake:postgres:{lake}' AS lake (DATA_PATH '{data}', READ_ONLY)")
    assert reader.execute("SELECT count(*), sum(n) FROM lake.probe").fetchall() == [(10000, 49995000)]
    reader.execute(f"ATTACH '{lake}' AS pg (TYPE postgres, READ_ONLY)")
    tables = reader.execute("SELECT table_name FROM pg.public.ducklake_table").fetchall()
    assert ("probe",) in tables
    reader.close()


def test_start_is_idempotent_and_stop_stops() -> None:
    """A second start prints the running conninfo, stop shuts the server, and a stopped cluster starts again.

    Between the stop and the restart, a start on a port another process holds fails with the one line
    naming the port, and prints nothing on stdout for a caller to mistake for a conninfo.
    """
    with private_cluster() as cluster:
        again = pg_local("start", cluster.directory, str(free_port()))
        assert again.returncode == 0, again.stderr
        assert again.stdout.splitlines() == [cluster.conninfo]
        assert "creating" not in again.stderr

        status = pg_local("status", cluster.directory)
        assert (status.returncode, status.stdout.strip()) == (0, cluster.conninfo)

        stopped = pg_local("stop", cluster.directory)
        assert stopped.returncode == 0, stopped.stderr
        assert not accepts_connections(cluster.port)
        assert pg_local("status", cluster.directory).returncode == 3

        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
            holder.bind(("127.0.0.1", 0))
            holder.listen()
            taken = holder.getsockname()[1]
            refused = pg_local("start", cluster.directory, str(taken))
        assert (refused.returncode, refused.stdout) == (1, "")
        assert refused.stderr.strip().splitlines()[-1] == f"pg-local: port {taken} is in use: pass another PORT"

        restarted = pg_local("start", cluster.directory, str(cluster.port))
        assert restarted.returncode == 0, restarted.stderr
        assert restarted.stdout.splitlines() == [cluster.conninfo]
        assert accepts_connections(cluster.port)


def test_status_without_a_cluster(tmp_path: Path) -> None:
    """Status of a folder holding no cluster exits 4 (pg_ctl's code) and creates nothing."""
    proc = pg_local("status", tmp_path / "absent")
    assert (proc.returncode, proc.stdout) == (4, "")
    assert not (tmp_path / "absent").exists()
