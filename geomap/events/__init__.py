"""Events: who did what to whom, where and when, read from a parsed document.

The modules, in the order a document goes through them:

- :mod:`~geomap.events.tokens`: sentence starts at line breaks and datelines;
- :mod:`~geomap.events.lexicon`: trigger words and their senses (data);
- :mod:`~geomap.events.syntax`: a trigger's sense, agent, target and clause from the parse;
- :mod:`~geomap.events.locations`: which places of a sentence are where it happened;
- :mod:`~geomap.events.actors`: actor phrases to canonical actors (data);
- :mod:`~geomap.events.discourse`: what carries across sentences (subjects, places, claims);
- :mod:`~geomap.events.dates`, :mod:`~geomap.events.fatalities`: when, and how many died;
- :mod:`~geomap.events.records`: one incident record (ACLED actor names, types, confidence);
- :mod:`~geomap.events.extract`: the document loop that ties them together.

Examples
--------
>>> load_lexicon().action("shell", "VERB").acled_event_type
'Explosions/Remote violence'
>>> load_registry().resolve("CentCom").name
'United States'
"""

from __future__ import annotations

from geomap.events.actors import Actor, ActorRegistry, load_registry
from geomap.events.dates import dateline_date, resolve_date
from geomap.events.extract import incidents_of_doc, prepare_docs
from geomap.events.lexicon import Action, Lexicon, load_lexicon
from geomap.events.locations import event_locations

__all__ = [
    "Action", "Actor", "ActorRegistry", "Lexicon", "dateline_date", "event_locations",
    "incidents_of_doc", "load_lexicon", "load_registry", "prepare_docs", "resolve_date",
]
