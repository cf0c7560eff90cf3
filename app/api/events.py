"""GET /api/v1/events: the event log as the caller may see it, for catching up after a disconnect."""

from typing import Annotated

from flask import jsonify, request
from flask_login import current_user
from pydantic import Field

from app.api import bp
from app.api.schema import Query, operation
from app.core.errors import Unauthorized
from app.realtime.catchup import events_after

MAX_ID = 2**62


class EventQuery(Query):
    after: Annotated[int, Field(ge=0, le=MAX_ID, description="last id seen")] = 0
    limit: Annotated[int, Field(ge=1, le=500)] = 100


@bp.get("/events")
@operation("Events after a given id that the caller may see (anonymous callers: public events), oldest first",
           query=EventQuery, errors=(401,),
           description="`events` (oldest first), `cursor` (pass it as `after` next time) and `has_more`.")  # fmt: skip
def list_events(query: EventQuery):
    if request.headers.get("Authorization") and not current_user.is_authenticated:
        raise Unauthorized()  # a bad token must not quietly read as anonymous
    found, cursor, has_more = events_after(current_user._get_current_object(), query.after, query.limit)
    return jsonify({"events": [e.as_dict() for e in found], "cursor": cursor, "has_more": has_more})
