"""Idea boards: create (administrators, the command line, demo data), list, look up."""

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.core import events
from app.core.errors import Conflict, NotFound, ValidationError
from app.core.permissions import Perm, require
from app.core.sanitize import clean_plain_text
from app.core.uow import transactional
from app.extensions import db
from app.ideas.models import Board

BOARD_NAME_MAX = 120
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def _slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:63]


@transactional
def create_board(actor, *, name, slug=None, description="", vote_budget=None, position=0, system=False) -> Board:
    """Create a board (administrators only; system=True for the command line and demo data)."""
    if not system:
        require(actor, Perm.ADMIN)
    name = clean_plain_text(name if isinstance(name, str) else "")
    if not name:
        raise ValidationError(fields={"name": _l("Give the board a name.")})
    if len(name) > BOARD_NAME_MAX:
        raise ValidationError(fields={"name": _l("Use at most %(n)s characters.", n=BOARD_NAME_MAX)})
    slug = (slug or "").strip().lower() or _slugify(name) or f"board-{_next_board_number()}"
    if not SLUG_RE.match(slug):
        raise ValidationError(fields={"slug": _l("Use lower-case letters, digits and dashes.")})
    if db.session.scalar(select(Board.id).where(Board.slug == slug)):
        raise Conflict(_l("A board with this address already exists."), fields={"slug": _l("Already taken.")})
    budget = _check_budget(vote_budget)
    board = Board(
        name=name,
        slug=slug,
        description=clean_plain_text(description or "")[:1000],
        vote_budget=budget,
        position=int(position or 0),
    )
    db.session.add(board)
    db.session.flush()
    events.record("board.created", actor=actor, subject_type="board", subject_id=board.id, payload=_board_ref(board))
    return board


def _check_budget(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        budget = int(value)
    except (TypeError, ValueError):
        raise ValidationError(fields={"vote_budget": _l("Must be a whole number.")}) from None
    if not 1 <= budget <= 1000:
        raise ValidationError(fields={"vote_budget": _l("Must be between %(lo)s and %(hi)s.", lo=1, hi=1000)})
    return budget


def _next_board_number() -> int:
    return (db.session.scalar(select(func.count(Board.id))) or 0) + 1


def _board_ref(board: Board) -> dict:
    return {"board_id": board.id, "slug": board.slug, "name": board.name}


def list_boards() -> list[Board]:
    return list(db.session.scalars(select(Board).order_by(Board.position, Board.id)))


def get_board(slug_or_id) -> Board:
    """A board by slug or id, else NotFound."""
    stmt = select(Board).where(Board.slug == str(slug_or_id))
    board = db.session.scalars(stmt).first()
    if board is None and str(slug_or_id).isdigit():
        board = db.session.get(Board, int(slug_or_id))
    if board is None:
        raise NotFound(_l("There is no such board."))
    return board
