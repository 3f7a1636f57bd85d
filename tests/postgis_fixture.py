"""A real PostGIS server for the tests: started by scripts/postgis-start, stopped after."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
PG_CTL = Path("/usr/lib/postgresql/15/bin/pg_ctl")


@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """The URL of a fresh PostGIS database on a loopback port (skips without PostgreSQL)."""
    if not PG_CTL.exists():
        pytest.skip("PostgreSQL 15 is not installed: run scripts/setup-system")
    pytest.importorskip("psycopg")
    folder = tempfile.mkdtemp(prefix="geomap-pg-")  # under /tmp: the postgres user reaches it
    try:
        done = subprocess.run([str(SCRIPTS / "postgis-start"), folder], capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            pytest.fail(f"scripts/postgis-start failed: {done.stderr.strip()}")
        yield done.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(SCRIPTS / "postgis-stop"), folder, "--remove"], check=False)
        shutil.rmtree(folder, ignore_errors=True)
