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


def test_a_division_point_the_supplement_records_is_the_divisions_point(gaz: GazetteerIndex) -> None:
    rows = _rows("supplement_admin1_points.csv")
    assert rows and all(row["source"].strip() for row in rows)
    for row in rows:
        place = gaz.get(f"gn:{row['geonameid']}")
        assert place is not None and place.feature_code == "ADM1" and place.name == row["name"]
        assert (place.lat, place.lon) == (float(row["lat"]), float(row["lon"]))


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


def test_local_divisions_are_places_below_every_town(gaz: GazetteerIndex) -> None:
    # a Bangladeshi upazila the towns of cities500 do not name
    (kashiani,) = [p for p in gaz.candidates("Kashiani", limit=5) if p.country_code == "BD"]
    assert kashiani.feature_code == "ADM3" and kashiani.admin1 and kashiani.id.startswith("gb:")
    assert 22.5 < kashiani.lat < 24.0 and 89.0 < kashiani.lon < 90.5
    # the unit of a town's name around that town is the town itself, and a town of any
    # size ranks above a unit
    assert all(p.feature_code != "ADM3" for p in gaz.candidates("Zakho", limit=10))
    ranked = gaz.ranked("Matale", limit=5)
    assert ranked[0][0].country_code == "LK" and ranked[-1][0].feature_code == "ADM3"
    # a division's name makes a capitalised word a place only where the text says so
    assert not gaz.has_name("Refuge") and gaz.has_name("Refuge", local=True)


def test_a_unit_labelled_with_a_neighbour_takes_its_release_country(
        gaz: GazetteerIndex) -> None:
    # Tanzanian wards near the border are labelled Kenya in the package's file
    assert {p.country_code for p in gaz.candidates("Digodigo", limit=5)} == {"TZ"}
