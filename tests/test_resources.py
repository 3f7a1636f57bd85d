"""One Resources value: each field left to its default loads when first read, and a command
that does not read a field never loads it."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import geomap
from geomap.events import ActorRegistry, load_lexicon, load_registry
from geomap.gazetteer import load_gazetteer
from geomap.nlp import load_nlp
from geomap.resources import Resources

ROOT = Path(__file__).resolve().parent.parent


def _loaded_in_a_fresh_process(code: str) -> set[str]:
    """The geomap modules and spaCy, as far as ``code`` imported them in a new process."""
    probe = (f"{code}\nimport sys\nprint(' '.join(m for m in sys.modules "
             "if m.startswith(('geomap.events', 'spacy'))))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                         text=True, check=True)
    return set(out.stdout.split())


def test_a_field_left_out_reads_as_the_default_and_compares_equal() -> None:
    given = Resources(load_nlp(), load_gazetteer(), load_lexicon(), load_registry())
    assert Resources.load() == given == Resources() == Resources.load().loaded()
    assert Resources.load().registry is load_registry()


def test_a_field_given_replaces_only_that_default() -> None:
    nobody = dataclasses.replace(Resources.load(), registry=ActorRegistry([], {}))
    assert nobody.registry is not load_registry() and nobody.lexicon is load_lexicon()
    assert nobody != Resources.load()
    assert dataclasses.replace(nobody, registry=None) == Resources.load()


def test_geoparse_neither_imports_nor_loads_the_event_reader() -> None:
    found = _loaded_in_a_fresh_process(
        "from geomap.geoparse import geoparse_many\n"
        "assert [len(t) for t in geoparse_many(['Troops left Basra.'])] == [1]")
    assert "spacy" in found and not any(m.startswith("geomap.events") for m in found)


def test_making_resources_loads_nothing() -> None:
    found = _loaded_in_a_fresh_process("from geomap.resources import Resources\n"
                                       "Resources.load()")
    assert not found


def test_geomap_geoparse_is_the_subpackage_whatever_was_imported_first() -> None:
    assert geomap.__getattr__("geoparse") is sys.modules["geomap.geoparse"]
