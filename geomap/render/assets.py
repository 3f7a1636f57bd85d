"""The JavaScript and CSS a map page needs: pinned CDN addresses (the smaller ``--cdn`` page),
and the same files from installed PyPI packages, inlined into the default self-contained page.

Leaflet 1.9.3 comes from ``xstatic-leaflet``, Leaflet.markercluster 1.4.1 from
``xstatic-leaflet-markercluster``, and Leaflet.heat from ``folium`` itself, which ships it (its
CDN address is pinned to the installed folium's release tag, so both are the same file).
The page's own script and style live in ``geomap/render/static/``.

Examples
--------
>>> html = f'<head><script src="{LEAFLET_JS}"></script></head>'
>>> inlined = inline_assets(html)
>>> "L.version" in inlined or "1.9.3" in inlined, LEAFLET_JS in inlined
(True, False)
"""

from __future__ import annotations

import base64
import functools
import importlib.resources
import re
from dataclasses import dataclass

import folium

from geomap.errors import DataError

__all__ = [
    "CLUSTER_CSS",
    "CLUSTER_DEFAULT_CSS",
    "CLUSTER_JS",
    "HEAT_JS",
    "LEAFLET_CSS",
    "LEAFLET_JS",
    "inline_assets",
    "static_text",
]

LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
CLUSTER_JS = "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/leaflet.markercluster.js"
CLUSTER_CSS = "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.css"
CLUSTER_DEFAULT_CSS = (
    "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.Default.css"
)
HEAT_JS = (f"https://cdn.jsdelivr.net/gh/python-visualization/folium@v{folium.__version__}/"
           "folium/templates/leaflet_heat.min.js")


@dataclass(frozen=True, slots=True)
class _Asset:
    package: str  # importable package holding the file
    path: str  # path inside it
    pip: str  # what to install when it is missing


_LOCAL: dict[str, _Asset] = {
    LEAFLET_JS: _Asset("xstatic.pkg.leaflet", "data/leaflet.js", "xstatic-leaflet==1.9.3.0"),
    LEAFLET_CSS: _Asset("xstatic.pkg.leaflet", "data/leaflet.css", "xstatic-leaflet==1.9.3.0"),
    CLUSTER_JS: _Asset("xstatic.pkg.leaflet_markercluster", "data/leaflet.markercluster.js",
                       "xstatic-leaflet-markercluster==1.4.1.1"),
    CLUSTER_CSS: _Asset("xstatic.pkg.leaflet_markercluster", "data/MarkerCluster.css",
                        "xstatic-leaflet-markercluster==1.4.1.1"),
    CLUSTER_DEFAULT_CSS: _Asset("xstatic.pkg.leaflet_markercluster",
                                "data/MarkerCluster.Default.css",
                                "xstatic-leaflet-markercluster==1.4.1.1"),
    HEAT_JS: _Asset("folium", "templates/leaflet_heat.min.js", "folium"),
}

_SCRIPT_TAG = re.compile(r'<script src="(?P<url>[^"]+)"></script>')
_CSS_TAG = re.compile(r'<link rel="stylesheet" href="(?P<url>[^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\((?P<path>images/[\w.-]+\.png)\)")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def _read(asset: _Asset, binary: bool = False) -> str | bytes:
    try:
        resource = importlib.resources.files(asset.package).joinpath(asset.path)
        return resource.read_bytes() if binary else resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as err:
        raise DataError(f"the self-contained map needs {asset.path} from a package that is missing: "
                        f"run `pip install {asset.pip}`") from err


@functools.cache
def _local_text(url: str) -> str:
    asset = _LOCAL[url]
    text = _SOURCE_MAP.sub("", str(_read(asset)))
    if url.endswith(".css"):
        folder = asset.path.rsplit("/", 1)[0]

        def data_uri(match: re.Match[str]) -> str:
            png = _read(_Asset(asset.package, f"{folder}/{match['path']}", asset.pip), True)
            return f"url(data:image/png;base64,{base64.b64encode(png).decode('ascii')})"  # type: ignore[arg-type]

        text = _CSS_URL.sub(data_uri, text)
    if "</script" in text.lower() or "</style" in text.lower():
        raise DataError(f"{asset.path} cannot be inlined safely: reinstall `{asset.pip}`")
    return text


def static_text(name: str) -> str:
    """Return the text of ``geomap/render/static/<name>`` (the page's own script and style)."""
    return importlib.resources.files("geomap.render").joinpath("static", name).read_text(
        encoding="utf-8")


def inline_assets(html: str) -> str:
    """Replace every external script and stylesheet of a map page with its inlined text.

    Raises
    ------
    DataError
        When a package holding one of the files is not installed, or when the page links a
        file geomap has no local copy of (the page would not work offline).
    """

    def script(match: re.Match[str]) -> str:
        return f"<script>{_local(match['url'])}</script>"

    def style(match: re.Match[str]) -> str:
        return f"<style>{_local(match['url'])}</style>"

    return _CSS_TAG.sub(style, _SCRIPT_TAG.sub(script, html))


def _local(url: str) -> str:
    if url not in _LOCAL:
        raise DataError(f"the self-contained map cannot inline {url}: drop the piece that "
                        "needs it, or render with --cdn")
    return _local_text(url)
