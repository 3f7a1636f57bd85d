"""The word lists toponym recognition reads: labels, locative and generic words, name suffixes.

Each list is a closed set of words around or inside a name that says whether the name is a
place ("in Cottonport", "Homs province", "Cook County"), an institution named after one
("Lombard Police Department"), a street ("Orchard St."), a disease ("West Nile virus"), a
time ("in March") or a seat of government ("the White House said").
"""

from __future__ import annotations

import calendar

__all__ = ["AREA_PLURALS", "CALENDAR_WORDS", "DIRECTION_WORDS", "DISEASE_WORDS",
           "GENERIC_WORDS", "HYPHEN_SUFFIXES", "INSTITUTION_WORDS", "JOINERS", "LOCAL_NOUNS",
           "LOCATIVE_WORDS", "MAJOR_CODES", "NAME_SUFFIXES", "PARK_WORDS", "PERSONAL_NOUNS",
           "PLACE_LABELS", "PLACE_PREPOSITIONS", "ROAD_WORDS", "SEATS", "STREET_WORDS",
           "TOWN_PART_WORDS"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words before a name that make it a place ("in Cottonport", "outside Mosul").
LOCATIVE_WORDS = frozenset({
    "in", "near", "at", "outside", "from", "to", "into", "across", "toward", "towards",
    "around", "through", "throughout", "inside", "within", "via", "between", "northwest",
    "northeast", "southwest", "southeast", "north", "south", "east", "west", "of", "capital",
})
# Prepositions of place right before a name: they make even a local division's name a
# place ("in Chemelil"; not "the March of Dimes").
PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "from", "into", "across",
                                "toward", "towards", "around", "inside", "within", "via",
                                "between", "throughout"})
# Last words of street names ("Orchard St.", "Dublin Road"): not in any gazetteer, they are
# kept and placed at the town the text puts them in.
STREET_WORDS = frozenset({"street", "st", "road", "rd", "avenue", "ave", "drive", "dr", "lane",
                          "ln", "boulevard", "blvd", "highway", "hwy", "parkway", "pkwy",
                          "pike", "turnpike", "square", "plaza", "ct", "circle", "cir",
                          "terrace", "trail", "crescent", "expressway", "freeway"})
# Words that end a street's name only in an address, after "on" or a house number ("on
# Southland Vista Court", "1200 Kings Way"), not "the Supreme Court" or "the Milky Way".
ADDRESS_WORDS = frozenset({"court", "way", "place", "row", "close"})
# Words for a part of a town after a direction ("North Side", "East End").
TOWN_PART_WORDS = frozenset({"side", "end"})
# Capitalised area words that belong to the name they follow ("Cook County").
NAME_SUFFIXES = frozenset({"County", "Parish", "Province", "Governorate", "District",
                            "Region", "Oblast", "Prefecture", "Township", "Borough"})
# Words that open organisation names without naming a place ("Central Command").
GENERIC_WORDS = frozenset(["Central", "North", "South", "East", "West", "Northeast", "Northwest", "Southeast", "Southwest", "Northern", "Southern", "Eastern", "Western", "Mid", "Middle", "Upper", "Lower", "Greater", "City", "University", "College", "Federal", "National", "State", "Metro", "Metropolitan", "United", "International", "Continental", "Royal", "General", "Union", "Supreme", "Superior", "Community", "County", "Regional", "Police", "Port", "Air", "Border", "Justice", "Hope", "Mercy", "Unity", "Liberty", "Victoria"])
# First words of local institutions named after their town ("Lombard Police Department").
INSTITUTION_WORDS = frozenset({"School", "High", "Elementary", "Middle", "Police", "Fire",
                                "Council", "City", "Hospital", "Library", "Board", "Chamber",
                                "Township", "Public", "Area", "Community", "Memorial",
                                "Regional", "Municipal", "Sheriff", "Schools", "Village",
                                "Town", "Water", "Park", "Parks", "Courthouse", "Planning",
                                "Volunteer", "Rotary", "Lions", "Historical", "Church",
                                "Provincial", "Divisional", "Medical", "University", "College",
                                "Court", "Press", "Stadium", "Assembly", "Secretariat", "Bazaar",
                                "Market"})
# Last words of the names of parks and grounds, named after people and events as often as
# after their town ("Moi Gardens", "Uhuru Park"): their first word alone is no place.
PARK_WORDS = frozenset({"Gardens", "Garden", "Park", "Grounds", "Ground", "Stadium",
                        "Square", "Memorial", "Monument", "Mausoleum"})
# First words of numbered roads ("Highway 19", "Interstate 45", "State Route 1").
ROAD_WORDS = frozenset({"highway", "interstate", "route", "state", "county", "us", "u.s.",
                         "i", "sr", "hwy"})
# Nouns a town's name modifies in local news ("Grand Prairie police", "a Lombard settler").
LOCAL_NOUNS = frozenset({"police", "man", "woman", "girl", "boy", "teen", "teenager",
                          "resident", "residents", "native", "family", "firefighters",
                          "officials", "officers", "mayor", "council", "schools", "settler",
                          "couple", "students", "voters", "businesses", "area", "home",
                          "homes", "neighborhood", "fire", "community", "town",
                          "village", "villagers", "journalists", "traders", "farmers",
                          "youths", "elders", "workers", "teachers", "market", "locals"})
# Area words after a list of names ("Jackson and Madison counties", "Mugu and Jumla
# districts").
AREA_PLURALS = frozenset({"counties", "parishes", "county", "parish", "districts",
                          "provinces", "regions", "governorates", "townships", "upazilas"})
# Leading words of an organisation's name that qualify the place after them ("Northeast
# Texas Community College", "Metro Vancouver"); "United Russia" is a party, not Russia.
DIRECTION_WORDS = frozenset({"North", "South", "East", "West", "Northeast", "Northwest",
                              "Southeast", "Southwest", "Northern", "Southern", "Eastern",
                              "Western", "Central", "Metro", "Metropolitan", "Greater",
                              "Downtown", "Upper", "Lower"})
# Words after a name that make it a disease ("West Nile virus", "Marburg fever"): in a text
# that names one, the name is the disease throughout ("Ebola").
DISEASE_WORDS = frozenset({"virus", "viruses", "fever", "disease", "flu", "strain",
                            "vaccine", "hemorrhagic", "haemorrhagic", "encephalitis"})
# Nouns a person's or a party's name modifies as often as a place's ("the Obama
# administration", "Jubilee agents", "the Labour candidate").
PERSONAL_NOUNS = frozenset({"administration", "family", "campaign", "government", "era",
                             "presidency", "aide", "aides", "camp", "supporters", "team",
                             "policy", "policies", "estate", "case", "trial", "murder",
                             "agent", "agents", "candidate", "candidates", "member", "members",
                             "aspirant", "aspirants", "loyalists", "activists", "followers",
                             "party", "legislators", "lawmakers", "nominee"})
# Places no reader takes for a person's name.
MAJOR_CODES = frozenset({"PCLI", "PPLC", "ADM1"})
JOINERS = frozenset({"al", "el", "de", "del", "la", "le", "of", "du", "da", "bin", "ibn"})
# Capitalised words that name times (and God), not places ("in March 2017", "through
# Thursday", "at Christmas").
CALENDAR_WORDS = frozenset([*(w for w in (*calendar.month_name, *calendar.day_name) if w),
                             "Christmas", "Easter", "Thanksgiving", "Halloween", "Ramadan",
                             "Passover", "Hanukkah", "God"])
# Seats of government named for the government ("the White House said"): actors, never the
# place of an event, and what annotators leave out.
SEATS = frozenset({"white house", "kremlin", "pentagon", "elysee", "elysee palace",
                    "downing street", "blue house", "zhongnanhai", "quai d orsay"})
# Words after a place joined by a hyphen ("Rock Hill-based", "U.S.-led").
HYPHEN_SUFFIXES = frozenset({"based", "born", "led", "backed", "bound", "area", "made",
                              "owned", "run", "style", "wide"})
