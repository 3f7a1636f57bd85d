"""Incidents and browser helpers for the map tests (test_render*.py, test_browser*.py).

The incidents are written here by hand: places with coordinates rounded from their public
Wikipedia articles, actors and sentences in the style of the seed article.
"""

from __future__ import annotations

import importlib.resources
import json
import random
import re
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd

from geomap.incidents import Incident, incidents_frame

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

XSS = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1;alert(1)\">"
XSS_CLOSE = "</script><script>window.__pwned=1</script>"


def small_incidents() -> gpd.GeoDataFrame:
    """Five incidents at five distinct places: two exact, two country-level, one at sea."""
    return incidents_frame([
        Incident(doc_id="d1", title="Strikes in Iraq", source="https://news.example/iraq",
                 sentence="A missile attack hit Al Asad airbase last week.",
                 actor="Iran-aligned militants", action="assault", action_mode="missile",
                 target="US military", place_name="Al Asad airbase", lon=42.44, lat=33.79,
                 precision="point", country="IRQ", date="2024-01-20", confidence=0.8),
        Incident(doc_id="d1", sentence="Iran carried out missile strikes on targets in Syria.",
                 actor="Iran", action="assault", place_name="Syria", lon=38.5, lat=35.0,
                 precision="country", country="SYR", date="2024-01-16", confidence=0.6),
        Incident(doc_id="d1", sentence="US forces struck two Houthi missiles in the Red Sea.",
                 actor="United States", action="assault", target="Houthis",
                 place_name="Red Sea", lon=38.5, lat=20.0, precision="water",
                 date="2024-01-22", confidence=0.6),
        Incident(doc_id="d2", sentence="Thousands of protesters marched in Basra on Friday.",
                 actor="Protesters", action="protest", place_name="Basra", lon=47.78,
                 lat=30.51, precision="point", country="IRQ", date="2024-01-19",
                 confidence=0.7),
        Incident(doc_id="d2", sentence="Iraq warned Iran against strikes on Erbil.",
                 actor="Iraq", action="threaten", target="Iran", place_name="Erbil",
                 lon=44.01, lat=36.19, precision="point", country="IRQ", confidence=0.5),
    ])


def xss_incidents() -> gpd.GeoDataFrame:
    """Incidents whose every text field carries a script payload."""
    return incidents_frame([
        Incident(doc_id=f"doc{XSS}", title=f"Title {XSS}", source="javascript:window.__pwned=1",
                 sentence=f"Rebels {XSS} shelled {XSS_CLOSE} Mosul today.",
                 actor=f"Rebels {XSS}", action="assault", action_mode=XSS,
                 target="<b onmouseover=window.__pwned=1>town</b>", place_name="Mosul",
                 lon=43.13, lat=36.34, precision="point", country="IRQ", date="2024-01-10"),
        Incident(doc_id="doc2", sentence=f"Crowds {XSS_CLOSE} gathered in Aden.",
                 actor=XSS_CLOSE, action="<img src=y onerror=window.__pwned=1>",
                 place_name=f"Aden{XSS}", lon=45.03, lat=12.78, precision="admin1",
                 date="2024-01-11"),
    ])


def many_incidents(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    """``n`` incidents scattered over the Middle East, with varied actors, actions and dates."""
    rng = random.Random(seed)
    actions = ["assault", "coerce", "threaten", "protest", "mobilize", "sanction", "aid"]
    actors = [f"Group {i}" for i in range(30)]
    precisions = ["point"] * 8 + ["admin1", "country"]
    return incidents_frame(
        Incident(doc_id=f"doc{i // 5}", sentence=f"Incident {i}: group reported near town {i}.",
                 actor=rng.choice(actors), action=rng.choice(actions),
                 place_name=f"Town {i}", lon=rng.uniform(35.0, 55.0), lat=rng.uniform(15.0, 38.0),
                 precision=rng.choice(precisions), date=f"2024-01-{rng.randint(1, 28):02d}",
                 confidence=rng.random())
        for i in range(n)
    )


def page_data(html: str) -> dict:
    """The incident JSON block of a written page, decoded."""
    block = re.search(r'<script type="application/json" id="[^"]+_data">(.*?)</script>', html,
                      re.DOTALL)
    assert block is not None
    return json.loads(block.group(1))


def local_asset(url: str) -> bytes | None:
    """The installed copy of a CDN file the default map links, or ``None``."""
    from geomap.render.assets import _LOCAL

    asset = _LOCAL.get(url)
    if asset is None:
        return None
    return importlib.resources.files(asset.package).joinpath(asset.path).read_bytes()


def launch(playwright: Playwright) -> Browser:
    """Launch Debian's Chromium headless with the project's flags."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
