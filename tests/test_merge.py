"""merge_incidents keeps distinct events distinct; incident ids are unique in one output."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geomap.document import Document
from geomap.incidents import Incident, incidents_frame
from geomap.pipeline import extract_incidents, merge_incidents

CAR_BOMB = "A car bomb exploded in a market in Mosul, killing five people, police said."


def mosul(doc_id: str, date: str = "", published: str = "", confidence: float = 0.5):
    return Incident(doc_id, CAR_BOMB, "car bomb", "assault", "Mosul", 43.1, 36.3, "point",
                    geonameid=99072, date=date, published=published, confidence=confidence,
                    sources=[f"feed.jsonl#{doc_id}"])


def test_undated_reports_a_month_apart_stay_distinct_events():
    """Eight feed rows, published a month apart, whose sentences carry no date."""
    docs = [Document(f"r{m}", CAR_BOMB, published=dt.date(2023, m, 10)) for m in range(1, 9)]
    incidents = extract_incidents(docs)
    assert len(incidents) == 8 and set(incidents["date"]) <= {""} | {
        d.published.isoformat() for d in docs}
    merged = merge_incidents([incidents])
    assert len(merged) == 8
    assert all(len(sources) == 1 for sources in merged["sources"])


def test_reports_of_one_day_from_the_pipeline_merge_on_their_report_date():
    docs = [Document("a", CAR_BOMB, published=dt.date(2023, 5, 10)),
            Document("b", CAR_BOMB, published=dt.date(2023, 5, 11)),
            Document("c", CAR_BOMB, published=dt.date(2023, 7, 1))]
    incidents = extract_incidents(docs)
    assert incidents["published"].tolist() == ["2023-05-10", "2023-05-11", "2023-07-01"]
    assert len(merge_incidents([incidents])) == 2


def test_reports_of_one_day_merge_on_their_published_date():
    frame = incidents_frame([mosul("a", published="2023-05-10", confidence=0.4),
                             mosul("b", published="2023-05-11", confidence=0.9),
                             mosul("c", published="2023-06-10")])
    merged = merge_incidents([frame])
    assert merged["sources"].tolist() == [["feed.jsonl#b", "feed.jsonl#a"], ["feed.jsonl#c"]]


def test_the_stated_date_comes_before_the_report_date():
    frame = incidents_frame([mosul("a", date="2023-05-01", published="2023-05-20"),
                             mosul("b", published="2023-05-02")])
    assert len(merge_incidents([frame])) == 1


def test_what_cannot_be_dated_is_never_merged():
    frame = incidents_frame([mosul("a"), mosul("b"), mosul("c", date="2023-05")])
    assert len(merge_incidents([frame])) == 3


def test_a_merged_group_fits_in_one_window():
    """Days 1, 3, 5 with a 2-day window: not one event spanning four days."""
    frame = incidents_frame([mosul("a", date="2023-05-01", confidence=0.3),
                             mosul("b", date="2023-05-03", confidence=0.9),
                             mosul("c", date="2023-05-05", confidence=0.3)])
    merged = merge_incidents([frame], window_days=2)
    spans = [sorted(s) for s in merged["sources"]]
    assert len(merged) == 2, spans
    assert sorted(len(s) for s in spans) == [1, 2]


def test_merge_of_thousands_keeps_every_undated_row_and_is_linear_enough():
    rows = [mosul(f"d{k}", published=(dt.date(2020, 1, 1) + dt.timedelta(days=3 * k)).isoformat())
            for k in range(3000)]
    merged = merge_incidents([incidents_frame(rows)])
    assert len(merged) == 3000


def test_incident_ids_are_unique_within_one_report():
    text = ("Police arrested protesters in Basra, and militiamen arrested journalists in Basra. "
            "Russian troops shelled Kharkiv on Monday and shelled Kharkiv again on Friday.")
    incidents = extract_incidents(text, date="2024-01-10")
    assert len(incidents) >= 4
    assert incidents["incident_id"].is_unique
    again = extract_incidents(text, date="2024-01-10")
    assert again["incident_id"].tolist() == incidents["incident_id"].tolist()  # stable


def test_merged_output_has_unique_ids_when_documents_share_an_id():
    one = incidents_frame([mosul("report", date="2023-05-01")])
    two = incidents_frame([mosul("report", date="2023-09-01")])  # another folder's report.txt
    merged = merge_incidents([one, two])
    assert len(merged) == 2 and merged["incident_id"].is_unique
    assert isinstance(merged, pd.DataFrame) and merged.crs.to_string() == "EPSG:4326"
