"""The one place that turns user text into safe HTML (the only bleach importer).

Markdown is rendered once at write time, then cleaned against an allow-list. Plain-text
fields (titles, names, tags) are stripped of markup and control characters.
"""

import re
import unicodedata
from functools import lru_cache

import bleach
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "blockquote", "pre", "code", "em", "strong", "del", "s", "sub", "sup",
        "ul", "ol", "li", "a", "img", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td", "kbd", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "img": ["src", "alt", "title"],
    "code": ["class"],
    "th": ["align"],
    "td": ["align"],
    "ol": ["start"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_CODE_CLASS = re.compile(r"^language-[A-Za-z0-9_+-]{1,32}$")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return md


def _filter_attributes(tag: str, name: str, value: str) -> bool:
    allowed = ALLOWED_ATTRIBUTES.get(tag, [])
    if name not in allowed:
        return False
    if tag == "code" and name == "class":
        return bool(_CODE_CLASS.match(value))
    if tag in {"th", "td"} and name == "align":
        return value in {"left", "right", "center"}
    if tag == "ol" and name == "start":
        return value.isdigit()
    return True


def _set_link_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_filter_attributes,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[lambda source: LinkifyFilter(source, callbacks=[_set_link_rel], skip_tags=["pre", "code"])],
)


def clean_html(html: str) -> str:
    """Clean an HTML fragment against the allow-list."""
    return _cleaner.clean(html or "")


def render_markdown(text: str) -> str:
    """Render Markdown (raw HTML is escaped, not passed through) and sanitize the result."""
    text = _CONTROL.sub("", text or "")
    return clean_html(_markdown().render(text))


def clean_plain_text(text: str) -> str:
    """Normalise a one-line plain-text field: no markup, no control characters, single spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub("", text)
    text = bleach.clean(text, tags=set(), strip=True)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return " ".join(text.split())


def plain_text_from_markdown(text: str) -> str:
    """Plain text of a Markdown body, for excerpts and search."""
    html = render_markdown(text)
    plain = bleach.clean(html, tags=set(), strip=True)
    plain = plain.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return " ".join(plain.split())


def excerpt(plain: str, length: int = 200) -> str:
    """Cut plain text at a word boundary (or mid-CJK) and add an ellipsis."""
    plain = " ".join((plain or "").split())
    if len(plain) <= length:
        return plain
    cut = plain[:length]
    space = cut.rfind(" ")
    if space > length * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:，。；：") + "…"
