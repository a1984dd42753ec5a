"""Markdown to safe HTML: python-markdown renders, nh3 keeps only harmless tags."""

from __future__ import annotations

from functools import lru_cache

import markdown as md
import nh3
from markupsafe import Markup

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code",
        "pre", "hr"}
ATTRIBUTES = {"a": {"href", "title"}}


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> Markup:
    """Render Markdown and sanitise the result; the same text renders once per process."""
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https",
                                                                           "mailto"})
    return Markup(clean)  # noqa: S704  (sanitised by nh3 just above)
