"""What the pipeline reads besides the text: the spaCy model, the gazetteer index, the event
lexicon and the actor registry, and the settings they load with, in one value passed down
explicitly.

The entry points (:func:`geomap.pipeline.extract_incidents`, :func:`geomap.run.run`,
:func:`geomap.geoparse.geoparse`, :func:`geomap.geoparse.geoparse_many`, and the map and
query functions that look places up: :func:`geomap.render.render_map`,
:func:`geomap.tools.plan.run_query`, :func:`geomap.tools.areas.resolve_area` ...) take an
optional ``resources``; without it they call :meth:`Resources.load` once and pass that one
value down; a command that calls several of them (``map``, ``query``) makes one at its start
and passes it to each. Every function below them takes the resource it reads as a
parameter. :class:`Resources` is the one place the library calls the
cached default loaders (:func:`geomap.nlp.load_nlp`, :func:`geomap.gazetteer.load_gazetteer`,
:func:`geomap.events.load_lexicon`, :func:`geomap.events.load_registry`), so a process loads
each default once. A caller with a model or index of its own builds a ``Resources`` with it
and leaves out the rest (``Resources(nlp=mine)``); :func:`dataclasses.replace` swaps one
field too, but reads, and so loads, every field it keeps.

``settings`` (:class:`geomap.settings.Settings`, default
:func:`geomap.settings.current_settings`) is what the default loaders read: the model names
to try, the cache folder the gazetteer index (and the country polygons) live in, and the
largest text :func:`geomap.run.run` reads. ``Resources(settings=mine)`` loads from a cache
folder of its own without touching the environment.

A field left to its default is loaded when first read, not before: ``geomap geoparse`` never
loads the event lexicon, ``geomap query`` never the spaCy model, and a query that looks no
name up never the gazetteer. :meth:`Resources.loaded` reads them at once (as the pipeline
does before its workers fork, so that they share one copy).

Examples
--------
>>> res = Resources.load()
>>> res.gazetteer.country("IQ").name, res.registry.resolve("CentCom").name
('Iraq', 'United States')
>>> Resources.load() == res == res.loaded()
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from geomap.settings import Settings, current_settings

if TYPE_CHECKING:  # each is imported when first read (importing spaCy alone takes a second)
    from spacy.language import Language

    from geomap.events import ActorRegistry, Lexicon
    from geomap.gazetteer import GazetteerIndex

__all__ = ["Resources"]

T = TypeVar("T")


class _LoadedWhenRead(Generic[T]):
    """A field of :class:`Resources` that gives the value it was given or, when it was given
    none, the default of ``load`` (a cached loader, given the value's settings), loaded when
    the field is first read."""

    def __init__(self, load: Callable[[Settings], T]) -> None:
        self._load = load
        self._key = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._key = f"_given_{name}"

    @overload
    def __get__(self, obj: None, owner: type) -> None: ...

    @overload
    def __get__(self, obj: Resources, owner: type) -> T: ...

    def __get__(self, obj: Resources | None, owner: type) -> T | None:
        if obj is None:
            return None  # the field's default: none given, the loader's is read
        given = self.given(obj)
        return self._load(obj.settings) if given is None else given

    def __set__(self, obj: object, value: T | None) -> None:
        obj.__dict__[self._key] = value  # set once, by __init__: the dataclass is frozen

    def given(self, obj: object) -> T | None:
        """What ``obj`` was given for this field (``None``: the default, read or not)."""
        given: T | None = obj.__dict__[self._key]
        return given


def _default_nlp(settings: Settings) -> Language:
    from geomap.nlp import load_nlp

    return load_nlp(settings)


def _default_gazetteer(settings: Settings) -> GazetteerIndex:
    from geomap.gazetteer import load_gazetteer

    return load_gazetteer(settings)


def _default_lexicon(settings: Settings) -> Lexicon:  # packaged data: no setting is read
    from geomap.events import load_lexicon

    return load_lexicon()


def _default_registry(settings: Settings) -> ActorRegistry:  # packaged data, as the lexicon
    from geomap.events import load_registry

    return load_registry()


@dataclass(frozen=True)
class Resources:
    """The resources one run of the pipeline reads.

    ``nlp`` is the spaCy model (:func:`geomap.nlp.load_nlp`), ``gazetteer`` the place index
    (:func:`geomap.gazetteer.load_gazetteer`), ``lexicon`` the event words
    (:func:`geomap.events.load_lexicon`) and ``registry`` the actor names
    (:func:`geomap.events.load_registry`). A field left out (or given as ``None``) reads as
    that default, loaded with ``settings`` when first read. Two values are equal when their fields read as the
    same objects, whether given or left to the default (comparing, hashing or printing a
    value reads, and so loads, every field).

    Reading a field left to its default may raise :class:`geomap.errors.DataError`: no spaCy
    model installed, or a gazetteer index that cannot be built.
    """

    nlp: _LoadedWhenRead[Language] = _LoadedWhenRead(_default_nlp)
    gazetteer: _LoadedWhenRead[GazetteerIndex] = _LoadedWhenRead(_default_gazetteer)
    lexicon: _LoadedWhenRead[Lexicon] = _LoadedWhenRead(_default_lexicon)
    registry: _LoadedWhenRead[ActorRegistry] = _LoadedWhenRead(_default_registry)
    settings: Settings = dataclasses.field(default_factory=current_settings)

    @classmethod
    def load(cls) -> Resources:
        """Return the default resources of the process's settings
        (:func:`geomap.settings.current_settings`), each loaded when first read, once per
        process (a second call reads the same objects)."""
        return cls()

    @classmethod
    def given(cls, resources: Resources | None) -> Resources:
        """Return ``resources``, or the defaults (:meth:`load`) when it is ``None``: what an
        entry point does with its optional argument.

        >>> Resources.given(None) == Resources.load()
        True
        """
        return cls.load() if resources is None else resources

    def loaded(self, *, events: bool = True) -> Resources:
        """Return an equal value whose model and gazetteer (and, with ``events``, lexicon and
        registry) are read now: what a run makes before its worker processes fork, so that
        they share one copy instead of each loading its own.

        Raises
        ------
        geomap.errors.DataError
            When no spaCy model is installed or the gazetteer cannot be built.
        """
        kept = () if events else ("lexicon", "registry")
        # Not dataclasses.replace: it reads (so loads) every field, the events' too.
        fields: dict[str, Any] = {
            f.name: vars(Resources)[f.name].given(self) if f.name in kept
            else getattr(self, f.name) for f in dataclasses.fields(self)}
        return Resources(**fields)
