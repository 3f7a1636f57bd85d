"""Fuzzing the readers: any bytes in any input file give documents or one clear InputError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.document import Document
from geomap.errors import InputError
from geomap.io.text_inputs import Problem, read_documents

SUFFIXES = [".txt", ".html", ".jsonl", ".csv"]

json_lines = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.builds(lambda i, t: f'{{"id": "{i}", "text": {t!r}}}'.replace("'", '"'),
                  st.integers(0, 99), st.text(alphabet="abc xyz.", max_size=40)),
        st.just('{"id": 1, "text": null}'),
        st.just("[1, 2]"),
    ),
    max_size=8,
).map("\n".join)


def read_all(data: bytes, suffix: str) -> tuple[list[Document], list[Problem]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        problems: list[Problem] = []
        return list(read_documents([str(path)], problems=problems)), problems


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_give_documents_or_an_input_error(data: bytes, suffix: str) -> None:
    try:
        docs, problems = read_all(data, suffix)
    except InputError as err:
        assert "\n" not in str(err)
        return
    for doc in docs:
        assert doc.text.strip()
    for problem in problems:
        assert problem.where and problem.message


@settings(max_examples=100, deadline=None)
@given(text=json_lines)
def test_jsonl_rows_are_read_or_reported_never_lost(text: str) -> None:
    try:
        docs, problems = read_all(text.encode("utf-8"), ".jsonl")
    except InputError:  # the whole feed refused: only when it is blank or binary (NUL bytes)
        assert not text.strip() or "\x00" in text
        return
    rows = [line for line in text.split("\n") if line.strip()]
    assert len(docs) + len(problems) == len(rows)
