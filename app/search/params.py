"""Reading search parameters from a request (the search page and the API share it)."""

from app.core.errors import ValidationError
from app.search import services
from app.search.base import Filters


def read_params(args) -> tuple[str, Filters, str, int]:
    """Query text, filters, sort and page from request arguments (a 400 names a bad one)."""
    filters, sort = services.check_params(
        type=args.get("type", ""), sort=args.get("sort") or "relevance", solved=args.get("solved", ""),
        q=args.get("q", ""),
    )  # fmt: skip
    filters.space = (args.get("space") or "").strip()[:80]
    filters.tag = (args.get("tag") or "").strip()[:64]
    filters.status = (args.get("status") or "").strip()[:16]
    filters.board = (args.get("board") or "").strip()[:80]
    raw_page = args.get("page") or "1"
    if not raw_page.isdigit() or not 1 <= int(raw_page) <= 1000:
        raise ValidationError(fields={"page": "1–1000"})
    return (args.get("q") or "").strip(), filters, sort, int(raw_page)
