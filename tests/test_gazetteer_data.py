"""The curated supplement files: well-formed rows, and every alias reaches its place."""

from __future__ import annotations

import csv
import math

import pycountry
import pytest

from geomap.gazetteer import GazetteerIndex, load_gazetteer
from geomap.gazetteer.sources import data_path
from geomap.places import Place

FEATURE_CLASSES = set("AHLPRSTUV")


def _rows(name: str) -> list[dict[str, str]]:
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        first = (reader.fieldnames or [""])[0]
        return [row for row in reader if not row[first].startswith("#")]


def _valid_country(code: str) -> bool:
    return code == "XK" or pycountry.countries.get(alpha_2=code) is not None


def test_supplement_rows_are_well_formed() -> None:
    rows = _rows("supplement.csv")
    assert len(rows) >= 250
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180 and not math.isnan(lat), row["id"]
        assert row["feature_class"] in FEATURE_CLASSES, row["id"]
        assert row["feature_code"].isupper(), row["id"]
        assert row["source"].strip(), f"{row['id']} has no source for its coordinates"
        assert not row["country_code"] or _valid_country(row["country_code"]), row["id"]
        assert row["population"] == "" or row["population"].isdigit(), row["id"]


def test_country_points_are_countries() -> None:
    for row in _rows("supplement_country_points.csv"):
        assert _valid_country(row["country_code"]) and row["source"].strip()


@pytest.fixture(scope="module")
def gaz() -> GazetteerIndex:
    return load_gazetteer()


def _target(gaz: GazetteerIndex, target: str) -> Place | None:
    if target.startswith(("gn:", "sup:")):
        return gaz.get(target)
    if "." in target:
        return gaz.admin1(*target.split(".", 1))
    return gaz.country(target)


def test_every_alias_reaches_its_place(gaz: GazetteerIndex) -> None:
    for row in _rows("supplement_aliases.csv"):
        place = _target(gaz, row["target"])
        assert place is not None, f"alias target {row['target']} is not in the gazetteer"
        assert place in gaz.candidates(row["alias"], limit=20), row["alias"]


def test_demonyms_name_countries(gaz: GazetteerIndex) -> None:
    for row in _rows("supplement_demonyms.csv"):
        if row["country_code"]:
            assert gaz.demonym(row["demonym"]) == row["country_code"], row["demonym"]
        else:
            assert gaz.demonym(row["demonym"]) is None, row["demonym"]
