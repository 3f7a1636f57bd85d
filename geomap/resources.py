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

Examples
--------
>>> res = Resources.load()
>>> res.gazetteer.country("IQ").name, res.registry.resolve("CentCom").name
('Iraq', 'United States')
>>> Resources.load() == res
True
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from geomap.events import ActorRegistry, Lexicon, load_lexicon, load_registry
from geomap.gazetteer import GazetteerIndex, load_gazetteer
from geomap.nlp import load_nlp

__all__ = ["Resources"]


@dataclass(frozen=True, slots=True)
class Resources:
    """The loaded resources one run of the pipeline reads.

    ``nlp`` is the spaCy model (:func:`geomap.nlp.load_nlp`), ``gazetteer`` the place index
    (:func:`geomap.gazetteer.load_gazetteer`), ``lexicon`` the event words
    (:func:`geomap.events.load_lexicon`) and ``registry`` the actor names
    (:func:`geomap.events.load_registry`).
    """

    nlp: Language
    gazetteer: GazetteerIndex
    lexicon: Lexicon
    registry: ActorRegistry

    @classmethod
    def load(cls) -> Resources:
        """Return the default resources, each loaded once per process (a second call gives
        the same objects).

        Raises
        ------
        geomap.errors.DataError
            When no spaCy model is installed or the gazetteer cannot be built.
        """
        return cls(nlp=load_nlp(), gazetteer=load_gazetteer(), lexicon=load_lexicon(),
                   registry=load_registry())

    @classmethod
    def given(cls, resources: Resources | None) -> Resources:
        """Return ``resources``, or the defaults (:meth:`load`) when it is ``None``: what an
        entry point does with its optional argument.

        >>> Resources.given(None) == Resources.load()
        True
        """
        return cls.load() if resources is None else resources
