"""Fetch an article page by its http(s) URL: with a timeout, a size limit and a clear user agent.

Every network failure (no such host, refused connection, timeout, an HTTP error status, a page
too large or not text) becomes one :class:`~geomap.errors.InputError` line that names the URL
and says what to do. Nothing else in geomap reaches the network unless an online geocoder is
chosen; a URL is fetched only when the user gives it as an input.

Examples
--------
>>> is_url("https://example.org/news/a.html"), is_url("news/a.html")
(True, False)
>>> fetch("http://127.0.0.1:9/a.html", timeout=2)  # nothing listens on port 9
Traceback (most recent call last):
geomap.errors.InputError: http://127.0.0.1:9/a.html: cannot connect (Connection refused): check the address, or that the server is up and reachable from here
"""

from __future__ import annotations

import http.client
import logging
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

from geomap import __version__
from geomap.errors import InputError
from geomap.settings import DEFAULT_MAX_TEXT_BYTES

__all__ = ["FETCH_TIMEOUT", "USER_AGENT", "Page", "fetch", "is_url"]

log = logging.getLogger(__name__)

#: Seconds to wait for the server to connect and for each read.
FETCH_TIMEOUT = 20.0
USER_AGENT = f"geomap/{__version__} (news-to-map; fetches the single page a user asked for)"
_TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml")


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page: the final URL (after redirects), its bytes and what the server said."""

    url: str
    body: bytes
    content_type: str
    charset: str | None


def is_url(spec: str) -> bool:
    """Tell whether an input names an http(s) URL rather than a path."""
    return spec.lower().startswith(("http://", "https://"))


def _reason(err: BaseException) -> str:
    reason = getattr(err, "reason", None) or err
    if isinstance(reason, socket.gaierror):
        return "no such host"
    if isinstance(reason, ConnectionRefusedError):
        return "Connection refused"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(reason, http.client.IncompleteRead):
        return f"{len(reason.partial):,} bytes of {len(reason.partial) + (reason.expected or 0):,}"
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return " ".join(str(text).split())


def _read(response: http.client.HTTPResponse, url: str, limit: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InputError(f"{url}: the page is {int(declared):,} bytes, over "
                         f"GEOMAP_MAX_TEXT_BYTES ({limit:,}): raise the setting or save the "
                         "article text to a file")
    body = response.read(limit + 1)
    if len(body) > limit:
        raise InputError(f"{url}: the page is over GEOMAP_MAX_TEXT_BYTES ({limit:,} bytes): "
                         "raise the setting or save the article text to a file")
    if declared.isdigit() and len(body) < int(declared):
        raise http.client.IncompleteRead(body, int(declared) - len(body))
    return body


def fetch(url: str, *, timeout: float = FETCH_TIMEOUT,
          max_bytes: int = DEFAULT_MAX_TEXT_BYTES) -> Page:
    """Download one page.

    Parameters
    ----------
    url
        An ``http://`` or ``https://`` address.
    timeout
        Seconds for the connection and for each read.
    max_bytes
        The largest page accepted (a run passes its
        :attr:`~geomap.settings.Settings.max_text_bytes`, ``GEOMAP_MAX_TEXT_BYTES``).

    Raises
    ------
    InputError
        For every failure, in one line that names the URL and what to do.
    """
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"})
    log.info("fetching %s", url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if not content_type.startswith(_TEXT_TYPES):
                raise InputError(f"{url}: the server sent {content_type}, not a text or HTML "
                                 "page: give the address of the article page")
            body = _read(response, url, max_bytes)
            return Page(response.geturl(), body, content_type,
                        response.headers.get_content_charset())
    except urllib.error.HTTPError as err:
        raise InputError(f"{url}: the server answered {err.code} {err.reason}: check the "
                         "address" + (", or try again later" if err.code >= 500 or err.code == 429
                                      else "")) from None
    except urllib.error.URLError as err:
        raise InputError(f"{url}: cannot connect ({_reason(err)}): check the address, or that "
                         "the server is up and reachable from here") from None
    except TimeoutError as err:
        raise InputError(f"{url}: timed out after {timeout:g} s: try again later, or save the "
                         "page to a file") from err
    except (http.client.HTTPException, OSError) as err:
        raise InputError(f"{url}: the download broke off ({_reason(err)}): try again, or "
                         "save the page to a file") from None
