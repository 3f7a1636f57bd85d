"""What the pipeline reads besides the text: the spaCy model, the gazetteer index, the event
lexicon and the actor registry, in one value passed down explicitly.

The entry points (:func:`geomap.pipeline.extract_incidents`, :func:`geomap.run.run`,
:func:`geomap.geoparse.geoparse` and :func:`geomap.geoparse.geoparse_many`) take an optional
``resources``; without it they call :meth:`Resources.load` once and pass that one value down.
Every function below them takes the resource it reads as a parameter. :meth:`Resources.load`
is the one place the pipeline calls the cached default loaders (:func:`geomap.nlp.load_nlp`,
:func:`geomap.gazetteer.load_gazetteer`, :func:`geomap.events.load_lexicon`,
:func:`geomap.events.load_registry`), so a process loads each default once. A caller with a
model or index of its own builds a ``Resources`` with it, or swaps one field with
:func:`dataclasses.replace`.

The event lexicon and the actor registry are loaded when first read, not by
:meth:`Resources.load`: the geoparser never reads them, so ``geomap geoparse`` neither
imports nor loads the event reader. :meth:`Resources.with_events` reads them at once (as
:func:`geomap.pipeline.extract_incidents` does before its workers fork).

Examples
--------
>>> res = Resources.load()
>>> res.gazetteer.country("IQ").name, res.registry.resolve("CentCom").name
('Iraq', 'United States')
>>> Resources.load() == res == res.with_events()
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from spacy.language import Language

from geomap.gazetteer import GazetteerIndex, load_gazetteer
from geomap.nlp import load_nlp

if TYPE_CHECKING:  # imported when first read: the geoparser never reads them
    from geomap.events import ActorRegistry, Lexicon

__all__ = ["Resources"]

T = TypeVar("T")


class _LoadedWhenRead(Generic[T]):
    """A field of :class:`Resources` that gives the value it was given or, when it was given
    none, the default of ``load`` (a cached loader), loaded when the field is first read."""

    def __init__(self, load: Callable[[], T]) -> None:
        self._load = load
        self._key = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._key = f"_given_{name}"

    @overload
    def __get__(self, obj: None, owner: type) -> None: ...

    @overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj: object | None, owner: type) -> T | None:
        if obj is None:
            return None  # the field's default: none given, the loader's is read
        given: T | None = obj.__dict__[self._key]
        return self._load() if given is None else given

    def __set__(self, obj: object, value: T | None) -> None:
        obj.__dict__[self._key] = value  # set once, by __init__: the dataclass is frozen


def _default_lexicon() -> Lexicon:
    from geomap.events import load_lexicon

    return load_lexicon()


def _default_registry() -> ActorRegistry:
    from geomap.events import load_registry

    return load_registry()


@dataclass(frozen=True)
class Resources:
    """The loaded resources one run of the pipeline reads.

    ``nlp`` is the spaCy model (:func:`geomap.nlp.load_nlp`), ``gazetteer`` the place index
    (:func:`geomap.gazetteer.load_gazetteer`), ``lexicon`` the event words
    (:func:`geomap.events.load_lexicon`) and ``registry`` the actor names
    (:func:`geomap.events.load_registry`). ``lexicon`` and ``registry`` may be left out:
    they then read as those defaults, loaded when first read. Two values are equal when
    they read as the same objects, whether given or left to the default.
    """

    nlp: Language
    gazetteer: GazetteerIndex
    lexicon: _LoadedWhenRead[Lexicon] = _LoadedWhenRead(_default_lexicon)
    registry: _LoadedWhenRead[ActorRegistry] = _LoadedWhenRead(_default_registry)

    @classmethod
    def load(cls) -> Resources:
        """Return the default resources, each loaded once per process (a second call gives
        the same objects); the lexicon and the registry load when first read.

        Raises
        ------
        geomap.errors.DataError
            When no spaCy model is installed or the gazetteer cannot be built.
        """
        return cls(nlp=load_nlp(), gazetteer=load_gazetteer())

    @classmethod
    def given(cls, resources: Resources | None) -> Resources:
        """Return ``resources``, or the defaults (:meth:`load`) when it is ``None``: what an
        entry point does with its optional argument.

        >>> Resources.given(None) == Resources.load()
        True
        """
        return cls.load() if resources is None else resources

    def with_events(self) -> Resources:
        """Return these resources with the lexicon and the registry read now, an equal value
        that loads nothing more: what a run makes before its worker processes fork, so that
        they share one copy instead of each loading its own."""
        events: dict[str, Any] = {"lexicon": self.lexicon, "registry": self.registry}
        return dataclasses.replace(self, **events)
