"""Events: who did what to whom, where and when, read from a parsed document.

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
