"""Connecting to PostGIS and composing SQL with quoted identifiers.

:func:`connect` is the one place a connection is made: the caller holds it (``with
connect(url) as conn:`` commits and closes it at the end of the block) and passes it to the
read, write and query functions, as geopandas' ``read_postgis(sql, con)`` does. Nothing is
cached between calls.

Examples
--------
>>> compose("SELECT * FROM {t}", t="incidents").as_string(None)  # doctest: +SKIP
'SELECT * FROM "incidents"'
>>> safe_url("postgresql://analyst:secret@db/news")
'user=analyst dbname=news host=db'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geomap.errors import OutputError, QueryError
from geomap.extras import require

if TYPE_CHECKING:
    import psycopg
    from psycopg import sql

__all__ = ["compose", "connect", "describe", "raw", "require_table", "safe_url", "table_exists"]


def connect(url: str) -> psycopg.Connection[Any]:
    """Open a connection to the PostGIS database at ``url`` (``postgresql://user@host/db``).

    Use it as a context manager: the block is committed when it ends (rolled back on an
    error) and the connection closed.

    Raises
    ------
    OutputError
        When the server cannot be reached, with the URL (no password) and what to do.
    """
    psycopg = require("psycopg", "postgis", "PostGIS stores")
    try:
        return psycopg.connect(url, connect_timeout=20)
    except psycopg.OperationalError as err:
        detail = " ".join(str(err).split())[:200]
        raise OutputError(f"cannot connect to PostGIS at {safe_url(url)} ({detail}): start "
                          "the server or check the URL") from err


def safe_url(url: str) -> str:
    """Return the connection string without its password, for messages."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    try:
        parts = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001  (an unparsable URL: say nothing of it)
        return "the given URL"
    parts.pop("password", None)
    return make_conninfo("", **{k: v for k, v in parts.items() if v is not None})


def describe(conn: psycopg.Connection[Any]) -> str:
    """Name the database of ``conn`` for messages: ``database 'news' on db:5432``."""
    return f"database {conn.info.dbname!r} on {conn.info.host}:{conn.info.port}"


def raw(text: str) -> sql.SQL:
    """Return ``text`` as SQL, unquoted (only for text written here, never user input)."""
    from psycopg import sql

    return sql.SQL(text)


def compose(template: str, **names: str) -> sql.Composed:
    """Compose SQL with quoted identifiers: ``compose("SELECT * FROM {t}", t="incidents")``."""
    from psycopg import sql

    return sql.SQL(template).format(**{k: sql.Identifier(v) for k, v in names.items()})


def table_exists(conn: psycopg.Connection[Any], table: str) -> bool:
    """Tell whether ``table`` exists in the database of ``conn``."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", [table]).fetchone()
    return bool(row and row[0])


def require_table(conn: psycopg.Connection[Any], table: str) -> None:
    """Raise a :class:`QueryError` saying what to do when ``table`` does not exist."""
    if not table_exists(conn, table):
        raise QueryError(f"no table {table!r} in {describe(conn)}: write incidents there "
                         "first (geomap batch INPUT -o URL)")
