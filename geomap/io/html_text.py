"""Plain text from an HTML page: scripts, styles and markup dropped.

Examples
--------
>>> html_to_text("<html><script>x()</script><p>Shelling in <b>Donetsk</b>.</p></html>")
'Shelling in Donetsk.'
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

__all__ = ["html_to_text"]

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


def html_to_text(page: str) -> str:
    """Return the readable text of an HTML page, paragraphs on their own lines."""
    parser = _TextParser()
    parser.feed(page)
    parser.close()
    lines = (" ".join(line.split()) for line in html.unescape("".join(parser.parts)).splitlines())
    return "\n".join(line for line in lines if line)
