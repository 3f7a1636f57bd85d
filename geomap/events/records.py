"""One incident record from what a sentence said: its actor as ACLED names it, its type, score.

- **actor**: a named actor is kept; an unnamed or generic one becomes ACLED's generic actor
  of the event's country ("police" -> "Police Forces of Kenya", "gunmen" or nobody in an
  attack or a destruction -> "Unidentified Armed Group (Kenya)", an explosive found or
  defused -> the police), unless the report names a group that claimed or is blamed for
  it (never in place of the police of an arrest); "the guerrillas" of a report that names
  one armed group are that group; "people" who fired or bombed are armed men, not a crowd.
  A protest's or a riot's actor is the crowd, "Protesters (Kenya)" or "Rioters (India)",
  whichever party, students or residents marched.
- **ACLED type**: every incident has one; an attack on armed forces or between armed groups
  is a battle, an attack on civilians "Violence against civilians".
- **one per event**: the readings of one sentence that tell one event ("shot and
  injured", "a bomb exploded, killing") become one incident, of the most specific type.
- **confidence** (0..1): how well the place is resolved, how the actor is known, and how
  directly the place was read (0.3 + 0.3 x place score + up to 0.3 for the actor, times the
  place factor: 1 for a place attached to the event, less for a place in the same sentence
  or carried over from earlier).

Examples
--------
>>> source_ref("https://x.org/a", "a1"), source_ref("f.jsonl", "a1")
('https://x.org/a', 'f.jsonl#a1')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import PurePath

from geomap.events.actors import (
    ARMED_TYPES,
    STATE_TYPES,
    Actor,
    generic_actor,
    is_unidentified,
    iso3,
)
from geomap.events.lexicon import Action
from geomap.events.offsets import Offset
from geomap.events.weapons import specific
from geomap.geodesy import destination
from geomap.incidents import Incident
from geomap.places import Place, Precision, Toponym

__all__ = ["Reading", "consolidate", "make_incident", "only_property", "source_ref",
           "unopposed_takeover"]

_CROWD = frozenset({"civilians", "rioters", "protesters"})


@dataclass(slots=True)
class Reading:
    """What one trigger of one sentence says, before it is placed.

    ``how`` is (mode, ACLED type, ACLED sub-type) for this use of the trigger; ``factor``
    scales the confidence for places read indirectly; ``coreferent`` marks an actor taken
    from an earlier sentence ("they"); ``armed_victims``: the event hit police, soldiers or
    militants; ``riot_cue``: how plainly the sentence (or the short report) tells of a
    crowd's violence: 2 its acts (stones, burning, blocked roads), 1 words that also fit a
    peaceful crowd the police broke up ("angry", "injured"), 0 nothing; ``disrupted``: the explosive was found, defused or destroyed
    before it could hurt anyone (not one that went off or hit something); ``mob``: the
    sentence (or the short report) tells of a mob or a riot, the doer of violence that
    names no other (ACLED: Riots, Mob violence).
    """

    sentence: str
    trigger: str
    action: Action
    how: tuple[str, str, str]
    actor: Actor | None
    target: Actor | None
    date: str
    date_precision: str
    fatalities: int | None
    factor: float = 1.0
    coreferent: bool = False
    armed_victims: bool = False
    riot_cue: int = 0
    disrupted: bool = False
    mob: bool = False


def _armed_means(reading: Reading) -> bool:
    """Whether a one-sided attack was done with guns or explosives ("fired on", "shot",
    "bombed"): no crowd's, nor a party's, riot. A clash or a fight is not told so."""
    return reading.action.plover == "assault" and reading.how[0] in {"firearms", "explosives"} \
        and reading.how[1] in {"Violence against civilians", "Explosions/Remote violence"}


def _is_generic(actor: Actor | None) -> bool:
    return actor is None or not actor.known or (not actor.country and actor.type in ARMED_TYPES)


def _actor(reading: Reading, country: str, claimed: Actor | None,
           armed_group: Actor | None) -> Actor | None:
    actor, act = reading.actor, reading.action
    if act.plover == "protest":
        kind = "rioters" if _types(reading)[0] == "Riots" else "protesters"
        if actor is None or not actor.known or actor.type in {"protesters", "civilians", "rioters"} \
                or actor.type in ARMED_TYPES:  # "police dispersed protesters": the protesters'
            return generic_actor(kind, actor.country if actor and actor.country else country)
        return actor
    if (actor is None or not actor.known) and _types(reading)[1] == "Disrupted weapons use":
        return generic_actor("police", country)  # who found or defused it, not who planted it
    if actor is not None and actor.type == "civilians" and _armed_means(reading):
        actor = None  # "unidentified people fired on a convoy": armed men, whoever they are
    if claimed is not None and (actor is None or actor.type not in STATE_TYPES) and (
            _is_generic(actor) or (actor and actor.type == "non-state armed group"
                                   and not actor.country)):
        return claimed  # a group blamed for the attack; not for the police's arrests
    if armed_group is not None and actor is not None and actor.known and not actor.country \
            and actor.type in {"non-state armed group", "militia"} \
            and not actor.name.lower().startswith(("unidentified", "unknown")):
        return armed_group  # "the guerrillas" of a report about the FMLN
    if actor is not None and actor.known and actor.country and actor.type in {"police"} \
            and actor.name.lower() in {"police", actor.country.lower()}:
        return generic_actor("police", actor.country)
    if actor is None and reading.mob and reading.how[1] in {"Violence against civilians", "Battles"}:
        return generic_actor("rioters", country)  # "a man was lynched by a mob"
    if actor is None or not actor.known:
        if act.plover == "coerce" and reading.how[2] == "Arrests":
            return generic_actor("police", country)
        if reading.how[1] in {"Violence against civilians", "Battles"} or (
                reading.how[1] == "Explosions/Remote violence" and reading.how[0] != "aerial") \
                or reading.how[2] == "Looting/property destruction":  # "houses were burned"
            return generic_actor("non-state armed group", country)
        return actor
    if _is_generic(actor):
        return generic_actor(actor.type, country) or actor
    if actor.type in _CROWD and (reading.how[1] == "Riots" or reading.riot_cue):
        return generic_actor("rioters", actor.country or country)
    return actor


def _crowd(actor: Actor | None, event_type: str, country: str) -> Actor | None:
    """The actor of a protest or a riot: ACLED's crowd of the country, whoever marched.

    ACLED names a demonstration's actor "Protesters (Kenya)" or "Rioters (Kenya)" and keeps
    the party, union or students that led it as an associated actor: "NASA supporters
    marched" and "students burned their school" are that crowd. The police of "police
    dispersed the protesters" and an armed group stay who they are.

    >>> _crowd(Actor("Jubilee Party", "KEN", "political party"), "Protests", "KEN").name
    'Protesters (Kenya)'
    >>> _crowd(Actor("Kisumu students", "", "protesters"), "Riots", "KEN").name
    'Rioters (Kenya)'
    >>> _crowd(Actor("Police Forces of Kenya", "KEN", "police"), "Protests", "KEN").name
    'Police Forces of Kenya'
    """
    if actor is None or event_type not in {"Protests", "Riots"}:
        return actor
    if actor.known and actor.type not in _CROWD | {"political party"}:
        return actor
    kind = "protesters" if event_type == "Protests" else "rioters"
    return generic_actor(kind, actor.country or country) or actor


def _types(reading: Reading, actor: Actor | None = None) -> tuple[str, str]:
    """The ACLED type and sub-type, as ACLED's codebook has them.

    An attack on armed men is a battle; a crowd's violence, a party's supporters'
    destruction or fighting without guns or bombs ("Awami League activists clashed with
    BNP supporters"; not the party's rebels, nor a party only blamed), or a protest told
    with violence, a riot; a police raid that hits no armed men is a law-enforcement
    operation (ACLED: Strategic developments, Arrests); the
    police's violence on protesters is "Excessive force against protesters"; an explosive
    found or defused before it hurt anyone is "Disrupted weapons use".
    """
    _, event_type, sub_type = reading.how
    if event_type == "Explosions/Remote violence" and reading.disrupted and not reading.fatalities:
        return "Strategic developments", "Disrupted weapons use"
    if actor is not None and actor.type in _CROWD and (
            event_type in {"Violence against civilians", "Battles"}
            or sub_type == "Looting/property destruction"):  # a crowd's violence; not its arrests
        return "Riots", "Mob violence" if event_type != "Strategic developments" else \
            "Violent demonstration"
    if actor is not None and actor.type == "political party" and not _armed_means(reading) and (
            sub_type == "Looting/property destruction"  # party cadres torched an office
            or (event_type in {"Violence against civilians", "Battles"}  # activists clashed
                and reading.actor is not None and reading.actor.type == "political party")):
        return "Riots", "Violent demonstration"
    target = reading.target
    armed_target = reading.armed_victims or (target is not None and target.known
                                             and target.type in ARMED_TYPES)
    if event_type == "Violence against civilians" and actor is not None \
            and actor.type in {"police", "state military"} and target is not None \
            and target.type == "protesters":  # "police shot at protesters"
        return "Protests", "Excessive force against protesters"
    if armed_target and (event_type == "Violence against civilians" and sub_type == "Attack"
                         or reading.action.trigger == "raid"):
        return "Battles", "Armed clash"  # also a police raid that met armed men
    if reading.action.trigger == "raid" and actor is not None and actor.type == "police":
        return "Strategic developments", "Arrests"
    if event_type == "Protests" and reading.riot_cue > (sub_type != "Peaceful protest"):
        return "Riots", "Violent demonstration"
    if not event_type:
        return "Violence against civilians", "Attack"
    return event_type, sub_type


def make_incident(reading: Reading, topo: Toponym, *, claimed: Actor | None = None,
                  armed_group: Actor | None = None, offset: Offset | None = None,
                  **meta: str) -> Incident:
    """Return the incident of ``reading`` at the place of ``topo``.

    ``claimed``: the group the report holds responsible; ``armed_group``: the armed group it
    names most (:mod:`geomap.events.discourse`). ``offset``: a distance and direction the
    text states from the place ("25 km north of X"): the point is moved there and its
    precision is ``near``. ``meta`` holds ``doc_id`` and optionally ``source`` and ``title``.
    """
    place = topo.place
    if place is None:  # a place the gazetteer lacks: named, but without a point
        place = Place(id="", name=topo.name, lat=math.nan, lon=math.nan, feature_class="",
                      feature_code="")
    lon, lat, name = place.lon, place.lat, place.name
    precision = place.precision if topo.place is not None else Precision.UNKNOWN
    if offset is not None and precision == "point":
        lon, lat = destination(place.lon, place.lat, offset.bearing, offset.km * 1000.0)
        name, precision = f"{offset.km:g} km {offset.direction} of {place.name}", "near"
    country = iso3(place.country_code)
    actor = _actor(reading, country, claimed, armed_group)
    event_type, sub_type = _types(reading, actor)
    actor = _crowd(actor, event_type, country)
    confidence = 0.3 + 0.3 * topo.score
    if actor is not None:
        named = actor.known and not is_unidentified(actor.name)
        confidence += 0.3 if named else 0.15
    confidence *= reading.factor * (0.8 if reading.coreferent else 1.0)
    target = reading.target
    return Incident(
        doc_id=meta["doc_id"], source=meta.get("source", ""), title=meta.get("title", ""),
        sentence=reading.sentence, trigger=reading.trigger, actor=actor.name if actor else "",
        actor_country=actor.country if actor else "", actor_type=actor.type if actor else "",
        action=reading.action.plover, action_mode=reading.how[0], acled_event_type=event_type,
        acled_sub_event_type=sub_type, target=target.name if target else "",
        target_country=target.country if target else "", place_name=name,
        lon=lon, lat=lat, precision=precision, geonameid=place.geonameid,
        country=country, date=reading.date, date_precision=reading.date_precision,
        fatalities=reading.fatalities, confidence=round(min(confidence, 1.0), 3),
        sources=[source_ref(meta.get("source", ""), meta["doc_id"])],
    )


def source_ref(source: str, doc_id: str) -> str:
    """How an incident names its document: the URL or file, ``feed#id`` for a feed row.

    >>> source_ref("news/a1.txt", "a1")
    'news/a1.txt'
    """
    if not source:
        return doc_id
    if "://" in source or PurePath(source).stem == doc_id:
        return source
    return f"{source}#{doc_id}"


def consolidate(found: list[Incident]) -> list[Incident]:
    """The incidents of one sentence, one per event: a generic attack takes the kind the
    sentence tells, and readings of one event collapse (:func:`_one_per_place`)."""
    return _one_per_place(specific(found))


def only_property(found: list[Incident]) -> list[Incident]:
    """A short report's attacks that hurt no one but destroyed property are that destruction.

    "Militants attacked the village and destroyed a telecommunication mast": ACLED's
    "Looting/property destruction". The caller decides that the report tells no harm to
    people; an attack told with a weapon ("shelled", "stormed") keeps its kind.
    """
    if any(i.fatalities for i in found) or not any(
            i.acled_sub_event_type == "Looting/property destruction" and i.action == "assault"
            for i in found):
        return found  # stealing cattle in an attack on a village is no destruction
    for inc in found:
        if inc.action == "assault" and not inc.action_mode \
                and inc.acled_event_type in {"Violence against civilians", "Battles"}:
            inc.acled_event_type, inc.acled_sub_event_type = ("Strategic developments",
                                                              "Looting/property destruction")
    return found


def unopposed_takeover(found: list[Incident]) -> list[Incident]:
    """A short report's seizure of a place told without any fight is a non-violent one.

    "Militants took over the village and hoisted their flag": ACLED's "Non-violent transfer
    of territory" (Strategic developments), not a battle. The caller decides that the report
    tells no harm to people; a report that also tells an attack or a clash keeps its battle.
    """
    if any(i.action == "assault" for i in found):
        return found
    for inc in found:
        if inc.acled_sub_event_type == "Non-state actor overtakes territory":
            inc.acled_event_type, inc.acled_sub_event_type = ("Strategic developments",
                                                              "Non-violent transfer of territory")
    return found


#: Which of a sentence's readings of one place is the event: the most specific type first.
_TYPE_RANK = {"Explosions/Remote violence": 0, "Battles": 1, "Riots": 2,
              "Violence against civilians": 3, "Protests": 4, "Strategic developments": 5}


def _one_per_place(found: list[Incident]) -> list[Incident]:
    """One incident per event of a sentence: "shot and injured", "exploded, killing".

    Readings of one place, kind and date are one event unless they name different actors
    ("police arrested protesters, and militiamen arrested journalists" are two); a reading
    by an unnamed armed group ("one was killed in an attack by al Shabaab gunmen": the
    killing) is the named actor's (:func:`_same_actor`).
    """
    kept: list[Incident] = []
    for inc in found:
        crowd = inc.acled_event_type in {"Riots", "Protests"}  # one crowd, one event
        twin = next((k for k in kept if _same_event(k, inc, crowd)), None)
        if twin is None:
            kept.append(inc)
            continue
        best, other = (inc, twin) if _rank(inc) < _rank(twin) else (twin, inc)
        if not _named(best) and _named(other):
            best.actor, best.actor_country, best.actor_type = (other.actor, other.actor_country,
                                                               other.actor_type)
        kept[kept.index(twin)] = best
    return kept


def _same_event(a: Incident, b: Incident, crowd: bool) -> bool:
    if (a.geonameid or a.place_name) != (b.geonameid or b.place_name) or a.date != b.date:
        return False
    if crowd != (a.acled_event_type in {"Riots", "Protests"}):
        return False
    if not crowd and (a.action != b.action or (a.action_mode == "arson") != (b.action_mode == "arson")):
        return False
    return _same_actor(a, b) or _same_actor(b, a)


def _same_actor(a: Incident, b: Incident) -> bool:
    """Whether ``b``'s actor may be ``a``'s: the same, unknown, or an unnamed armed group
    told by another word of the event ("killed in an attack by al Shabaab gunmen"), not by
    the same word told twice ("police arrested ..., and militiamen arrested ...")."""
    if not a.actor or not b.actor or a.actor == b.actor:
        return True
    return is_unidentified(b.actor) and a.trigger.lower() != b.trigger.lower()


def _rank(inc: Incident) -> tuple[int, float]:
    return _TYPE_RANK.get(inc.acled_event_type, 6), -inc.confidence


def _named(inc: Incident) -> bool:
    return bool(inc.actor) and not is_unidentified(inc.actor)
