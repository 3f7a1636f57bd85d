"""Plain text from an HTML page: the article body when an extractor finds one, else every
visible paragraph, with scripts, styles and markup dropped; and the page's publication date
from its ``article:published_time`` meta tag (Open Graph), the one date a page states as its
own (dates guessed from the body text could be any date the article mentions).

The main-content extractor is trafilatura (boilerplate such as menus, footers and comment
sections removed). Its heuristics are made for whole pages: on short pages (under
:data:`MIN_EXTRACT_CHARS` of visible text), or where it finds no article, all visible text is
used instead.

Examples
--------
>>> page = ("<html><body><nav><a href='/'>Home</a></nav><article><p>Shelling hit the city of "
...         "<b>Donetsk</b> overnight, officials said on Tuesday, and three people were hurt."
...         "</p></article><script>alert(1)</script></body></html>")
>>> html_to_text(page)
'Shelling hit the city of Donetsk overnight, officials said on Tuesday, and three people were hurt.'
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from html.parser import HTMLParser

from geomap.io.dates import parse_date

__all__ = ["html_to_text", "published_time"]

log = logging.getLogger(__name__)

MIN_EXTRACT_CHARS = 500
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "nav", "footer"})
_BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                    "article", "section", "header", "title", "blockquote"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip:
            self._skip -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _visible_text(page: str) -> str:
    parser = _TextParser()
    parser.feed(page)
    parser.close()
    lines = (" ".join(line.split()) for line in html.unescape("".join(parser.parts)).splitlines())
    return "\n".join(line for line in lines if line)


def html_to_text(page: str) -> str:
    """Return the readable text of an HTML page, paragraphs on their own lines."""
    visible = _visible_text(page)
    if len(visible) < MIN_EXTRACT_CHARS:
        return visible
    import trafilatura

    article = trafilatura.extract(page, include_comments=False, include_tables=False)
    if article and article.strip():
        return article.strip()
    log.debug("no main content found by trafilatura; using all visible text")
    return visible


class _MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.published = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.published:
            return
        found = dict(attrs)
        if (found.get("property") or found.get("name") or "").lower() == "article:published_time":
            self.published = (found.get("content") or "").strip()


def published_time(page: str) -> dt.date | None:
    """Return the date of the page's ``article:published_time`` meta tag, if it has one.

    >>> published_time('<head><meta property="article:published_time" '
    ...                'content="2024-03-07T09:30:00+00:00"></head><p>Text.</p>')
    datetime.date(2024, 3, 7)
    >>> published_time("<p>Shelling on 2019-05-04.</p>") is None
    True
    """
    parser = _MetaParser()
    parser.feed(page)
    parser.close()
    return parse_date(parser.published)
