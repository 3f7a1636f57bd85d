"""geopy geocoders: the offline gazetteer and online services behind RateLimiter + cache.

Online services are exercised against a real HTTP server on a loopback port (and a closed
port), never a real host.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from geopy import Location
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder

from geomap.cli import main
from geomap.errors import GeocoderError
from geomap.geocoders import CachedGeocoder, Gazetteer, get_geocoder

RAW_KEYS = {"geonameid", "id", "feature_class", "feature_code", "country_code", "admin1",
            "population", "score"}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def test_gazetteer_is_a_geopy_geocoder(gazetteer: Gazetteer) -> None:
    assert isinstance(gazetteer, Geocoder)
    location = gazetteer.geocode("Baghdad")
    assert isinstance(location, Location)
    assert RAW_KEYS <= set(location.raw)
    assert location.raw["country_code"] == "IQ" and location.raw["geonameid"] == 98182
    assert abs(location.latitude - 33.34) < 0.05 and abs(location.longitude - 44.40) < 0.05
    assert location.address.startswith("Baghdad, ") and location.address.endswith(", Iraq")


def test_geocode_options(gazetteer: Gazetteer) -> None:
    several = gazetteer.geocode("Paris", exactly_one=False, limit=3)
    assert isinstance(several, list) and len(several) == 3
    assert several[0].raw["country_code"] == "FR"
    assert several[0].raw["score"] >= several[1].raw["score"] >= several[2].raw["score"]
    georgia = gazetteer.geocode("Georgia", country_codes=["US"])
    assert (georgia.raw["feature_code"], georgia.raw["admin1"]) == ("ADM1", "GA")
    near = gazetteer.geocode("Springfield", near=(42.1, -72.6))
    assert near.raw["admin1"] == "MA"
    assert gazetteer.geocode("Zzqxv Nowhere") is None


def test_works_under_rate_limiter(gazetteer: Gazetteer) -> None:
    geocode = RateLimiter(gazetteer.geocode, min_delay_seconds=0.01)
    names = ["Iraq", "Kiev", "U.S.", "southern Red Sea"]
    codes = [geocode(name).raw["country_code"] for name in names]
    assert codes == ["IQ", "UA", "US", ""]


def test_reverse(gazetteer: Gazetteer) -> None:
    location = gazetteer.reverse((33.33, 44.40))
    assert location.raw["country_code"] == "IQ" and location.raw["distance_km"] < 10
    assert gazetteer.reverse("33.33, 44.40").raw["id"] == location.raw["id"]
    assert gazetteer.reverse((0.0, -140.0)) is None


def test_get_geocoder_names() -> None:
    assert isinstance(get_geocoder("offline"), Gazetteer)
    with pytest.raises(GeocoderError, match="unknown geocoder"):
        get_geocoder("no-such-service")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_service_raises_a_clear_error(tmp_path: Path) -> None:
    geocoder = get_geocoder("nominatim", domain=f"127.0.0.1:{_closed_port()}", scheme="http",
                            max_retries=0, min_delay_seconds=0,
                            cache_path=tmp_path / "cache.sqlite")
    assert isinstance(geocoder, CachedGeocoder)
    with pytest.raises(GeocoderError, match="cannot be reached.*offline geocoder"):
        geocoder.geocode("Baghdad")


class _FakeNominatim(BaseHTTPRequestHandler):
    """A Nominatim stand-in: answers each request by the next entry of ``script``.

    Entries: ``"ok"`` (Nominatim JSON), an int status (with ``retry_after`` if set), or
    ``"hang"`` (no answer until the test ends). The last entry repeats.
    """

    hits: ClassVar[list[str]] = []
    script: ClassVar[list[str | int]] = ["ok"]
    retry_after: ClassVar[str | None] = None
    release: ClassVar[threading.Event] = threading.Event()

    def do_GET(self) -> None:
        cls = type(self)
        cls.hits.append(self.path)
        step = cls.script[min(len(cls.hits), len(cls.script)) - 1]
        if step == "hang":
            cls.release.wait(5)
            return
        if step == "ok":
            status, body = 200, json.dumps([{
                "lat": "33.3152", "lon": "44.3661", "display_name": "Baghdad, Iraq",
                "place_id": 1, "osm_type": "relation", "class": "place", "type": "city",
            }]).encode()
        else:
            status, body = int(step), b'{"error": "try later"}'
        self.send_response(status)
        if status == 429 and cls.retry_after is not None:
            self.send_header("Retry-After", cls.retry_after)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def local_service() -> Iterator[str]:
    _FakeNominatim.hits = []
    _FakeNominatim.script = ["ok"]
    _FakeNominatim.retry_after = None
    _FakeNominatim.release = threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    _FakeNominatim.release.set()
    server.shutdown()
    server.server_close()


def _online(local_service: str, tmp_path: Path, **options: object) -> Geocoder:
    """A Nominatim geocoder on the local server with tiny waits (overridable)."""
    settings = {"domain": local_service, "scheme": "http", "min_delay_seconds": 0,
                "error_wait_seconds": 0.01, "timeout": 2,
                "cache_path": tmp_path / "cache.sqlite", **options}
    return get_geocoder("nominatim", **settings)


def test_online_answers_are_cached_on_disk(local_service: str, tmp_path: Path) -> None:
    first = _online(local_service, tmp_path).geocode("Baghdad")
    assert first.address == "Baghdad, Iraq" and abs(first.latitude - 33.3152) < 1e-6
    assert len(_FakeNominatim.hits) == 1
    # A new geocoder (as in a new process) answers from the cache file, without the network.
    again = _online(local_service, tmp_path).geocode("Baghdad")
    assert (again.address, again.latitude, again.longitude) == (
        first.address, first.latitude, first.longitude)
    assert len(_FakeNominatim.hits) == 1


def test_rate_limit_is_retried_after_the_wait_asked_for(local_service: str,
                                                         tmp_path: Path) -> None:
    _FakeNominatim.script = [429, "ok"]
    _FakeNominatim.retry_after = "1"
    started = time.monotonic()
    location = _online(local_service, tmp_path, max_retries=2).geocode("Baghdad")
    elapsed = time.monotonic() - started
    assert location.address == "Baghdad, Iraq"
    assert len(_FakeNominatim.hits) == 2
    assert elapsed >= 0.95  # Retry-After: 1 honoured, not the 0.01 s backoff


def test_rate_limit_beyond_the_wait_budget_fails_at_once(local_service: str,
                                                          tmp_path: Path) -> None:
    _FakeNominatim.script = [429]
    _FakeNominatim.retry_after = "3"
    geocoder = _online(local_service, tmp_path, max_retries=5, max_wait_seconds=1)
    started = time.monotonic()
    with pytest.raises(GeocoderError, match=r"after 1 try \(rate limited, retry after 3 s"):
        geocoder.geocode("Baghdad")
    assert time.monotonic() - started < 1
    assert len(_FakeNominatim.hits) == 1


@pytest.mark.parametrize("status", [500, 503])
def test_outage_is_retried_with_backoff_then_one_clear_error(
        local_service: str, tmp_path: Path, status: int) -> None:
    _FakeNominatim.script = [status]
    geocoder = _online(local_service, tmp_path, max_retries=2)
    waits: list[float] = []
    real_sleep = geocoder._sleep
    geocoder._sleep = lambda seconds: (waits.append(seconds), real_sleep(seconds))[1]
    with pytest.raises(GeocoderError) as caught:
        geocoder.geocode("Baghdad")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("the nominatim geocoder cannot be reached or failed after 3 tries")
    assert "fallback='offline'" in message
    assert len(_FakeNominatim.hits) == 3
    assert waits == [0.01, 0.02]  # exponential backoff
    # The failure was not cached: once the service is back, it is asked again.
    _FakeNominatim.script = ["ok"]
    assert geocoder.geocode("Baghdad").address == "Baghdad, Iraq"
    assert len(_FakeNominatim.hits) == 4


def test_client_errors_are_not_retried(local_service: str, tmp_path: Path) -> None:
    _FakeNominatim.script = [403]
    with pytest.raises(GeocoderError, match="refused the request.*user agent"):
        _online(local_service, tmp_path, max_retries=3).geocode("Baghdad")
    assert len(_FakeNominatim.hits) == 1


def test_hanging_service_times_out_and_is_retried(local_service: str, tmp_path: Path) -> None:
    _FakeNominatim.script = ["hang"]
    geocoder = _online(local_service, tmp_path, max_retries=1, timeout=0.2)
    started = time.monotonic()
    with pytest.raises(GeocoderError, match="failed after 2 tries .*timed out"):
        geocoder.geocode("Baghdad")
    assert time.monotonic() - started < 2
    assert len(_FakeNominatim.hits) == 2


def test_outage_never_switches_to_offline_without_a_fallback(
        local_service: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _FakeNominatim.script = [503]
    geocoder = _online(local_service, tmp_path, max_retries=0)
    assert geocoder.fallback is None
    with caplog.at_level(logging.WARNING), pytest.raises(GeocoderError):
        geocoder.geocode("Baghdad")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_outage_uses_the_offline_fallback_when_allowed(
        local_service: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _FakeNominatim.script = [503]
    geocoder = _online(local_service, tmp_path, max_retries=1, fallback="offline")
    with caplog.at_level(logging.WARNING, logger="geomap.geocoders"):
        location = geocoder.geocode("Baghdad")
    assert len(_FakeNominatim.hits) == 2
    assert location.raw["country_code"] == "IQ" and location.raw["geonameid"] == 98182
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "fallback geocoder Gazetteer" in warnings[0]
    # The fallback's answer is not cached as the service's: once back, the service answers.
    _FakeNominatim.script = ["ok"]
    assert geocoder.geocode("Baghdad").address == "Baghdad, Iraq"
    assert len(_FakeNominatim.hits) == 3


def test_unknown_fallback_is_refused() -> None:
    with pytest.raises(GeocoderError, match="unknown fallback geocoder 'bing'"):
        get_geocoder("nominatim", domain="127.0.0.1:9", scheme="http", fallback="bing")


def test_cli_search_and_build() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["gazetteer", "search", "Georgia", "--country", "US"])
    assert result.exit_code == 0, result.output
    assert "Georgia" in result.output and " US " in result.output
    assert "PCLI" not in result.output
    missing = runner.invoke(main, ["gazetteer", "search", "Zzqxv Nowhere"])
    assert missing.exit_code == 1 and len(missing.output.strip().splitlines()) == 1
    built = runner.invoke(main, ["gazetteer", "build"])
    assert built.exit_code == 0 and "gazetteer-" in built.output
