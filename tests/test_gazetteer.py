"""The built offline gazetteer: the seed article's places, matching and ranking rules.

Uses the real index (built into the cache folder on first use, about a minute once).
"""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geomap.boundaries import country_polygon
from geomap.gazetteer import GazetteerIndex, load_gazetteer
from geomap.geodesy import haversine_km
from geomap.settings import current_settings


@pytest.fixture(scope="module")
def gaz() -> GazetteerIndex:
    return load_gazetteer()


def _top(gaz: GazetteerIndex, name: str, **kwargs):
    found = gaz.candidates(name, limit=5, **kwargs)
    assert found, f"no candidate for {name!r}"
    return found[0]


# Places named in the seed article (US strikes in Iraq, Houthis in the Red Sea, Iran's strikes
# in Syria, Iraq and Pakistan) with the country they must fall in and a (lon, lat) near them.
SEED_PLACES = [
    ("Baghdad", "IQ", (44.40, 33.34)),
    ("Iraq", "IQ", (44.0, 33.0)),
    ("Iran", "IR", (53.0, 32.0)),
    ("Syria", "SY", (38.0, 35.0)),
    ("Al Asad airbase", "IQ", (42.44, 33.79)),
    ("Yemen", "YE", (47.5, 15.5)),
    ("western Yemen", "YE", (47.5, 15.5)),
    ("Pakistan", "PK", (70.0, 30.0)),
    ("Israel", "IL", (34.75, 31.5)),
    ("Gaza", "PS", (34.4, 31.45)),
]


@pytest.mark.parametrize(("name", "country", "point"), SEED_PLACES)
def test_seed_places_resolve(gaz: GazetteerIndex, name: str, country: str,
                             point: tuple[float, float]) -> None:
    place = _top(gaz, name)
    assert place.country_code == country
    assert haversine_km(place.lon, place.lat, *point) < 100


def test_seed_place_names_are_in_the_seed(seed_text: str) -> None:
    for name, _, _ in SEED_PLACES:
        assert name.lower() in seed_text.lower()


def test_countries_are_countries(gaz: GazetteerIndex) -> None:
    for name in ("Iraq", "Iran", "Syria", "Yemen", "Pakistan", "Israel"):
        assert _top(gaz, name).precision == "country"


def test_red_sea_is_water_even_when_qualified(gaz: GazetteerIndex) -> None:
    sea = _top(gaz, "Red Sea")
    assert (sea.feature_class, sea.precision) == ("H", "water")
    # Eritrea has a region called "Southern Red Sea"; the news means the sea.
    assert _top(gaz, "southern Red Sea") == sea
    assert _top(gaz, "the Red Sea") == sea


def test_qualified_names_that_are_places_stay_places(gaz: GazetteerIndex) -> None:
    assert _top(gaz, "South Sudan").country_code == "SS"
    assert _top(gaz, "North Korea").country_code == "KP"
    assert _top(gaz, "Northern Ireland").feature_code == "ADM1"
    assert _top(gaz, "West Bank").country_code == "PS"


def test_airbase_aliases(gaz: GazetteerIndex) -> None:
    base = _top(gaz, "Al Asad airbase")
    assert base.feature_code == "AIRB"
    for alias in ("Ain al-Asad", "Al-Asad Air Base", "AIN AL ASAD AIRBASE"):
        assert _top(gaz, alias) == base


def test_country_beats_namesakes(gaz: GazetteerIndex) -> None:
    assert _top(gaz, "Georgia").feature_code == "PCLI"
    assert _top(gaz, "Jordan").country_code == "JO"
    assert _top(gaz, "Lebanon").country_code == "LB"


def test_capital_beats_namesakes(gaz: GazetteerIndex) -> None:
    paris = _top(gaz, "Paris")
    assert (paris.country_code, paris.feature_code) == ("FR", "PPLC")
    others = gaz.candidates("Paris", limit=10)[1:]
    assert any(p.country_code == "US" and p.admin1 == "TX" for p in others)
    assert _top(gaz, "Damascus").country_code == "SY"
    assert _top(gaz, "Washington").admin1 == "DC"


def test_country_codes_restrict(gaz: GazetteerIndex) -> None:
    georgia = _top(gaz, "Georgia", country_codes=["US"])
    assert (georgia.feature_code, georgia.admin1) == ("ADM1", "GA")
    assert _top(gaz, "Paris", country_codes="us").country_code == "US"
    assert gaz.candidates("Baghdad", country_codes=["FR"]) == []


def test_feature_classes_restrict(gaz: GazetteerIndex) -> None:
    assert _top(gaz, "Texas", feature_classes=["P"]).feature_class == "P"
    assert _top(gaz, "Red Sea", feature_classes=["A"]).feature_code == "ADM1"


def test_near_prefers_the_nearer_namesake(gaz: GazetteerIndex) -> None:
    springfield_il = _top(gaz, "Springfield", near=(-89.6, 39.8))
    assert springfield_il.admin1 == "IL"
    springfield_ma = _top(gaz, "Springfield", near=(-72.6, 42.1))
    assert springfield_ma.admin1 == "MA"


def test_admin1_beats_small_towns_and_town_beats_its_namesake_division(
        gaz: GazetteerIndex) -> None:
    assert _top(gaz, "Texas").feature_code == "ADM1"
    assert _top(gaz, "Anbar").feature_code == "ADM1"
    kirkuk = _top(gaz, "Kirkuk")
    assert (kirkuk.feature_class, kirkuk.country_code) == ("P", "IQ")
    assert _top(gaz, "New York").feature_code == "ADM1"
    assert _top(gaz, "New York City").feature_class == "P"


@pytest.mark.parametrize(("a", "b"), [("Kiev", "Kyiv"), ("Sanaa", "Sana'a"),
                                      ("Deir ez-Zor", "Deir al-Zor"),
                                      ("Anbar province", "Anbar"), ("Hodeidah", "Hudaydah")])
def test_spelling_variants_meet(gaz: GazetteerIndex, a: str, b: str) -> None:
    assert _top(gaz, a) == _top(gaz, b)


@pytest.mark.parametrize(("abbr", "iso"), [("U.S.", "US"), ("US", "US"), ("USA", "US"),
                                           ("America", "US"), ("UK", "GB"), ("UAE", "AE"),
                                           ("DRC", "CD"), ("Britain", "GB")])
def test_abbreviations(gaz: GazetteerIndex, abbr: str, iso: str) -> None:
    place = _top(gaz, abbr)
    assert (place.country_code, place.precision) == (iso, "country")


def test_other_scripts(gaz: GazetteerIndex) -> None:
    assert _top(gaz, "بغداد").country_code == "IQ"


def test_demonyms(gaz: GazetteerIndex) -> None:
    assert gaz.demonym("Iraqi") == "IQ"
    assert gaz.demonym("Iranian") == "IR"
    assert gaz.demonym("American") == "US"
    assert gaz.demonym("Israelis") == "IL"
    assert gaz.demonym("Houthi") is None
    assert gaz.demonym("Houthis") is None


def test_has_name(gaz: GazetteerIndex) -> None:
    assert gaz.has_name("Baghdad") and gaz.has_name("the Red Sea")
    assert not gaz.has_name("Houthi")
    assert not gaz.has_name("Lloyd Austin")
    # Hamlets called "As" or "In" and two-letter alternate names do not answer for words.
    for word in ("He", "In", "It", "As", "On", "At", "Of", "We", "Or"):
        assert not gaz.has_name(word), word


def test_get_country_and_polygon(gaz: GazetteerIndex) -> None:
    iraq = gaz.country("iq")
    assert iraq is not None and iraq.name == "Iraq"
    assert gaz.get(iraq.id) == iraq
    assert gaz.get("gn:-1") is None
    polygon = country_polygon(iraq.country_code, current_settings().cache_dir)
    baghdad = _top(gaz, "Baghdad")
    assert polygon is not None and polygon.contains(Point(baghdad.lon, baghdad.lat))
    assert not polygon.contains(Point(35.2, 31.8))  # Jerusalem


def test_reverse(gaz: GazetteerIndex) -> None:
    near_baghdad = gaz.reverse(44.40, 33.33)
    assert near_baghdad is not None and near_baghdad.country_code == "IQ"
    assert haversine_km(44.40, 33.33, near_baghdad.lon, near_baghdad.lat) < 10
    assert gaz.reverse(-140.0, 0.0) is None  # open Pacific


def test_unknown_and_empty_names(gaz: GazetteerIndex) -> None:
    assert gaz.candidates("Zzqxv Nowhere") == []
    assert gaz.candidates("  ") == []
    assert gaz.candidates("...") == []


def test_admin1_lookup(gaz: GazetteerIndex) -> None:
    georgia = gaz.admin1("us", "GA")
    assert georgia is not None and georgia.name == "Georgia" and georgia.precision == "admin1"
    assert gaz.admin1("US", "no-such-code") is None
    kirkuk = _top(gaz, "Kirkuk")
    assert gaz.admin1(kirkuk.country_code, kirkuk.admin1).feature_code == "ADM1"
