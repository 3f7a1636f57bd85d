"""geopy geocoders: the offline gazetteer and online services behind RateLimiter + cache.

Online services are exercised against a real HTTP server on a loopback port (and a closed
port), never a real host.
"""

from __future__ import annotations

import json
import socket
import threading
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
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        body = json.dumps([{"lat": "33.3152", "lon": "44.3661", "display_name": "Baghdad, Iraq",
                            "place_id": 1}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def local_service() -> Iterator[str]:
    _FakeNominatim.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_online_answers_are_cached_on_disk(local_service: str, tmp_path: Path) -> None:
    options = {"domain": local_service, "scheme": "http", "min_delay_seconds": 0,
               "cache_path": tmp_path / "cache.sqlite"}
    first = get_geocoder("nominatim", **options).geocode("Baghdad")
    assert first.address == "Baghdad, Iraq" and abs(first.latitude - 33.3152) < 1e-6
    assert len(_FakeNominatim.hits) == 1
    # A new geocoder (as in a new process) answers from the cache file.
    again = get_geocoder("nominatim", **options).geocode("Baghdad")
    assert (again.address, again.latitude, again.longitude) == (
        first.address, first.latitude, first.longitude)
    assert len(_FakeNominatim.hits) == 1


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
