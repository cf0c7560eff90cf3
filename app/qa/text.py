"""Input checks for Q&A text: titles, bodies, comments, tags, slugs."""

import re
import unicodedata
from html.parser import HTMLParser

from flask_babel import lazy_gettext as _l

from app.core.errors import ValidationError
from app.core.sanitize import clean_plain_text, render_markdown
from app.core.text import display_width  # noqa: F401  (re-exported: Q&A callers import it from here)

TITLE_MIN, TITLE_MAX = 10, 150
BODY_MAX = 30_000
COMMENT_MAX = 600
TAG_MAX_LENGTH = 32
MAX_TAGS = 5
_TAG_RE = re.compile(r"^[\w][\w.+#-]*$")
_SLUG_DROP = re.compile(r"[^\w]+")
_LINK_RE = re.compile(r"<(?:a|img)\s", re.IGNORECASE)
# C0 controls other than tab and newline: PostgreSQL refuses NUL, and none belong in a post.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_title(value, field: str = "title") -> str:
    """A plain one-line title of 10 to 150 characters."""
    if value is not None and not isinstance(value, str):
        raise ValidationError(fields={field: _l("Must be a string.")})
    title = clean_plain_text(value or "")
    if not title:
        raise ValidationError(fields={field: _l("Enter a title.")})
    if display_width(title) < TITLE_MIN:
        raise ValidationError(fields={field: _l("Use at least %(n)s characters.", n=TITLE_MIN)})
    if len(title) > TITLE_MAX:
        raise ValidationError(fields={field: _l("Use at most %(n)s characters.", n=TITLE_MAX)})
    return title


def check_body(value, field: str = "body", max_length: int = BODY_MAX) -> str:
    """A non-empty Markdown body within the length limit (stored as written)."""
    if value is not None and not isinstance(value, str):
        raise ValidationError(fields={field: _l("Must be a string.")})
    body = _CONTROL.sub("", (value or "").replace("\r\n", "\n")).strip()
    if not body:
        raise ValidationError(fields={field: _l("Write something first.")})
    if len(body) > max_length:
        raise ValidationError(fields={field: _l("Use at most %(n)s characters.", n=max_length)})
    return body


def has_control(value) -> bool:
    """Tell whether a lookup value carries control characters (never a valid name or slug)."""
    return isinstance(value, str) and bool(_CONTROL.search(value))


_BLOCKS = frozenset("p br hr li ul ol h1 h2 h3 h4 h5 h6 pre blockquote table tr td th".split())


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append(" ")  # keep words of adjacent blocks apart

    def handle_endtag(self, tag):
        self.handle_starttag(tag, ())


def render(body: str) -> tuple[str, str]:
    """Rendered, sanitized HTML and its plain text (read from that HTML: Markdown is rendered once)."""
    html = render_markdown(body)
    reader = _TextOf()
    reader.feed(html)
    reader.close()
    return html, " ".join("".join(reader.parts).split())


def count_links(html: str) -> int:
    """How many links and images a rendered body carries."""
    return len(_LINK_RE.findall(html or ""))


def normalize_tag(value: str) -> str:
    """Lower-case, NFKC, dashes for spaces; raise ValidationError naming `tags` when unusable."""
    name = unicodedata.normalize("NFKC", clean_plain_text(value)).lower().strip()
    name = "-".join(name.split())
    if not name:
        raise ValidationError(fields={"tags": _l("Tags cannot be empty.")})
    if len(name) > TAG_MAX_LENGTH:
        raise ValidationError(fields={"tags": _l("A tag has at most %(n)s characters.", n=TAG_MAX_LENGTH)})
    if not _TAG_RE.match(name):
        raise ValidationError(
            fields={"tags": _l("Tags use letters, digits and - . + # only (not “%(tag)s”).", tag=name)}
        )
    return name


def parse_tags(value) -> list[str]:
    """Tags from a list or a comma/space separated string: unique, normalised, at most 5."""
    if value is None:
        return []
    if isinstance(value, str):
        raw = [part for part in re.split(r"[,\s，、]+", value) if part.strip()]
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        raw = [v for v in value if v.strip()]
    else:
        raise ValidationError(fields={"tags": _l("Send tags as a list of strings.")})
    tags: list[str] = []
    for item in raw:
        name = normalize_tag(item)
        if name not in tags:
            tags.append(name)
    if len(tags) > MAX_TAGS:
        raise ValidationError(fields={"tags": _l("Use at most %(n)s tags.", n=MAX_TAGS)})
    return tags


def slugify(title: str) -> str:
    """A URL slug that keeps letters of every script (CJK included)."""
    slug = _SLUG_DROP.sub("-", unicodedata.normalize("NFKC", title or "").lower()).strip("-_")
    slug = re.sub(r"[-_]{2,}", "-", slug)[:80].strip("-_")
    return slug or "question"
