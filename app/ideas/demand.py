"""The product team's view of demand: filter, sort, break down by tier and organization, export."""

import csv
import io
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import Organization, Tier, User
from app.core.errors import ValidationError
from app.core.permissions import Perm, require
from app.extensions import db
from app.ideas.models import Idea, IdeaStatus, IdeaVote
from app.ideas.services import check_status, get_board

MANAGE_SORTS = ("weighted", "votes", "newest")
TIERS = tuple(t.value for t in Tier)
MAX_ROWS = 5000


@dataclass
class DemandRow:
    idea: Idea
    tiers: dict[str, int] = field(default_factory=dict)
    organizations: dict[str, int] = field(default_factory=dict)
    no_organization: int = 0
    org_ids: set[int] = field(default_factory=set)

    def as_dict(self) -> dict:
        idea = self.idea
        return {
            "id": idea.id,
            "board": idea.board.slug,
            "title": idea.title,
            "status": idea.status,
            "votes": idea.vote_count,
            "weighted_demand": idea.weighted_demand,
            "voters_by_tier": self.tiers,
            "voters_by_organization": self.organizations,
            "voters_without_organization": self.no_organization,
            "created_at": idea.created_at.isoformat(),
        }


@dataclass
class DemandFilters:
    board: str | None = None
    status: str | None = None
    tier: str | None = None
    organization: int | None = None
    sort: str = "weighted"

    def as_args(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


def parse_filters(args) -> DemandFilters:
    """Read and check the manage page's filters from a mapping of query arguments."""
    filters = DemandFilters(
        board=args.get("board") or None,
        status=check_status(args.get("status") or None),
        tier=args.get("tier") or None,
        sort=args.get("sort") or "weighted",
    )
    if filters.board:
        get_board(filters.board)
    if filters.tier and filters.tier not in TIERS:
        raise ValidationError(fields={"tier": _l("Use one of: %(choices)s.", choices=", ".join(TIERS))})
    if filters.sort not in MANAGE_SORTS:
        raise ValidationError(fields={"sort": _l("Use one of: %(choices)s.", choices=", ".join(MANAGE_SORTS))})
    org = args.get("organization") or None
    if org is not None:
        if not str(org).isdigit() or db.session.get(Organization, int(org)) is None:
            raise ValidationError(fields={"organization": _l("There is no such organization.")})
        filters.organization = int(org)
    return filters


def demand_rows(actor, filters: DemandFilters) -> list[DemandRow]:
    """Ideas with their voters counted per tier and per organization (product team only)."""
    require(actor, Perm.MANAGE_IDEAS)
    stmt = select(Idea).options(selectinload(Idea.board))
    if filters.board:
        stmt = stmt.where(Idea.board_id == get_board(filters.board).id)
    if filters.status:
        stmt = stmt.where(Idea.status == filters.status)
    else:
        stmt = stmt.where(Idea.status != IdeaStatus.DUPLICATE)
    ideas = list(db.session.scalars(stmt.limit(MAX_ROWS)))
    rows = {idea.id: DemandRow(idea=idea) for idea in ideas}
    _count_voters(rows)
    selected = [r for r in rows.values() if _matches(r, filters)]
    return sorted(selected, key=_sort_key(filters.sort))


def _count_voters(rows: dict[int, DemandRow]) -> None:
    if not rows:
        return
    votes = db.session.execute(
        select(IdeaVote.idea_id, Organization.id, Organization.name, Organization.tier)
        .join(User, User.id == IdeaVote.user_id)
        .outerjoin(Organization, Organization.id == User.organization_id)
        .where(IdeaVote.idea_id.in_(list(rows)))
    )
    for idea_id, org_id, org_name, tier in votes:
        row = rows[idea_id]
        tier = tier if org_id else Tier.STANDARD.value
        row.tiers[tier] = row.tiers.get(tier, 0) + 1
        if org_id:
            row.organizations[org_name] = row.organizations.get(org_name, 0) + 1
            row.org_ids.add(org_id)
        else:
            row.no_organization += 1


def _matches(row: DemandRow, filters: DemandFilters) -> bool:
    if filters.tier and not row.tiers.get(filters.tier):
        return False
    if filters.organization and filters.organization not in row.org_ids:
        return False
    return True


def _sort_key(sort: str):
    if sort == "votes":
        return lambda r: (-r.idea.vote_count, -r.idea.weighted_demand, -r.idea.id)
    if sort == "newest":
        return lambda r: (-r.idea.created_at.timestamp(), -r.idea.id)
    return lambda r: (-r.idea.weighted_demand, -r.idea.vote_count, -r.idea.id)


def organizations() -> list[Organization]:
    return list(db.session.scalars(select(Organization).order_by(Organization.name)))


# --- export ---------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_csv(rows: list[DemandRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["id", "board", "title", "status", "votes", "weighted_demand"]
    header += [f"voters_{tier}" for tier in TIERS] + ["voters_without_organization", "organizations"]
    writer.writerow(header)
    for row in rows:
        data = row.as_dict()
        orgs = "; ".join(f"{name}: {count}" for name, count in sorted(row.organizations.items()))
        cells = [data["id"], data["board"], data["title"], data["status"], data["votes"], data["weighted_demand"]]
        cells += [row.tiers.get(tier, 0) for tier in TIERS] + [row.no_organization, orgs]
        writer.writerow([csv_cell(c) for c in cells])
    return out.getvalue()


def export_json(rows: list[DemandRow], filters: DemandFilters) -> dict:
    return {"filters": filters.as_args(), "count": len(rows), "ideas": [r.as_dict() for r in rows]}
