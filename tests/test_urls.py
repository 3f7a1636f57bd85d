"""http(s) URLs as inputs of geomap map / extract / batch, against a local HTTP server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import InputError
from geomap.io.text_inputs import read_documents
from geomap.io.urls import fetch

PAGE = """<!doctype html><html><head><title>Protest in Basra</title>
<meta property="article:published_time" content="2024-03-07T09:30:00+00:00"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Protest in Basra</h1>
<p>Protesters rallied in Basra on Friday against power cuts, officials said.</p></article>
<footer>Copyright</footer></body></html>"""
SEEN_AGENTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
             length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        if self.path in ("/news/basra.html", "/a//b/basra"):
            self.send(200, PAGE.encode("utf-8"))
        elif self.path == "/slow":
            time.sleep(3)
            self.send(200, PAGE.encode("utf-8"))
        elif self.path == "/big":
            self.send(200, b"x" * 5000)
        elif self.path == "/report.pdf":
            self.send(200, b"%PDF-1.7", "application/pdf")
        elif self.path == "/cut":
            self.send(200, PAGE.encode("utf-8")[:50], length=len(PAGE))
        elif self.path == "/down":
            self.send(503, b"down for maintenance", "text/plain")
        else:
            self.send(404, b"no such page", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_line_error(args: list[str], words: str) -> None:
    result = CliRunner().invoke(main, args)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1 and len(lines) == 1, result.output
    assert lines[0].startswith("Error: ") and words in lines[0], result.output


def test_url_is_fetched_read_and_dated_by_its_published_time(server: str) -> None:
    url = f"{server}/a//b/basra"  # the double slash is kept
    [doc] = read_documents([url])
    assert doc.source == url and doc.published.isoformat() == "2024-03-07"
    assert "Protesters rallied in Basra" in doc.text and "Home" not in doc.text
    assert SEEN_AGENTS[-1].startswith("geomap/")


def test_extract_takes_a_url(server: str, tmp_path: Path) -> None:
    out = tmp_path / "basra.parquet"
    result = CliRunner().invoke(main, ["extract", f"{server}/news/basra.html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    [row] = gpd.read_parquet(out).to_dict("records")
    assert row["action"] == "protest" and row["date"] == "2024-03-01"  # the Friday before
    assert list(row["sources"]) == [f"{server}/news/basra.html"]


def test_map_and_batch_take_a_url(server: str, tmp_path: Path) -> None:
    out = tmp_path / "basra.html"
    result = CliRunner().invoke(main, ["map", f"{server}/news/basra.html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 incidents" in result.output and "Basra" in out.read_text(encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["batch", f"{server}/news/basra.html", "-o", str(store),
                                       "--workers", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert len(gpd.read_parquet(store)) == 1


def test_an_html_file_is_dated_by_its_published_time(tmp_path: Path) -> None:
    page = tmp_path / "basra.html"
    page.write_text(PAGE, encoding="utf-8")
    [doc] = read_documents([str(page)])
    assert doc.published.isoformat() == "2024-03-07"


@pytest.mark.parametrize("path, words", [
    ("/missing.html", "the server answered 404 Not Found: check the address"),
    ("/down", "the server answered 503"),
    ("/report.pdf", "application/pdf, not a text or HTML page"),
])
def test_http_failures_are_one_line_errors(server: str, tmp_path: Path, path: str,
                                           words: str) -> None:
    one_line_error(["extract", server + path, "-o", str(tmp_path / "x.csv")], words)
    assert not (tmp_path / "x.csv").exists()


def test_unreachable_hosts_are_one_line_errors(tmp_path: Path) -> None:
    one_line_error(["map", f"http://127.0.0.1:{closed_port()}/a.html", "-o",
                    str(tmp_path / "m.html")], "cannot connect (Connection refused)")
    one_line_error(["map", "http://no-such-host.invalid/a.html", "-o", str(tmp_path / "m.html")],
                   "cannot connect (no such host)")


def test_a_hanging_server_times_out(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out after 0.5 s"):
        fetch(f"{server}/slow", timeout=0.5)
    assert time.monotonic() - started < 2.5


def test_a_page_cut_short_is_an_error(server: str) -> None:
    with pytest.raises(InputError, match="the download broke off .50 bytes of"):
        fetch(f"{server}/cut", timeout=5)


def test_a_page_over_the_size_setting_is_refused(
        server: str, tmp_path: Path, geomap_env: Callable[[str, str], None]) -> None:
    geomap_env("GEOMAP_MAX_TEXT_BYTES", "1000")
    one_line_error(["extract", f"{server}/big", "-o", str(tmp_path / "x.csv")],
                   "over GEOMAP_MAX_TEXT_BYTES (1,000")
