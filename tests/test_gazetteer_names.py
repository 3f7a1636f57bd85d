"""Name normalisation rules of the gazetteer (no index needed)."""

from __future__ import annotations

import pytest

from geomap.gazetteer.names import (
    article_variant,
    normalize_name,
    split_qualifier,
    strip_area_suffix,
)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Sana'a", "sanaa"),
        ("Sana’a", "sanaa"),
        ("SANAA", "sanaa"),
        ("U.S.", "us"),
        ("U.A.E.", "uae"),
        ("the Gaza Strip", "gaza strip"),
        ("The Hague", "hague"),
        ("Ain al-Asad", "ain al asad"),
        ("Şalāḩ ad Dīn", "salah ad din"),
        ("Kyïv", "kyiv"),
        ("  Deir   ez-Zor ", "deir ez zor"),
        ("São Paulo", "sao paulo"),
    ],
)
def test_normalize_name_folds_case_accents_punctuation(written: str, key: str) -> None:
    assert normalize_name(written) == key


def test_other_scripts_keep_their_letters() -> None:
    assert normalize_name("بغداد") == "بغداد"
    assert normalize_name("Киев") == "киев"


def test_the_alone_is_a_name_not_an_article() -> None:
    assert normalize_name("The") == "the"


@pytest.mark.parametrize(
    ("written", "qualifier", "base"),
    [
        ("southern Red Sea", "southern", "red sea"),
        ("western Yemen", "western", "yemen"),
        ("North-East Syria", "north east", "syria"),
        ("central Gaza", "central", "gaza"),
        ("Red Sea", None, "red sea"),
        ("Southampton", None, "southampton"),
    ],
)
def test_split_qualifier(written: str, qualifier: str | None, base: str) -> None:
    assert split_qualifier(written) == (qualifier, base)


def test_article_variants_meet() -> None:
    assert article_variant("deir ez zor") == article_variant("deir el zor") == "deir al zor"
    assert article_variant("deir al zor") is None
    assert article_variant("al") is None


def test_strip_area_suffix() -> None:
    assert strip_area_suffix("anbar province") == "anbar"
    assert strip_area_suffix("donetsk region") == "donetsk"
    assert strip_area_suffix("province") is None
