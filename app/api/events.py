"""GET /api/v1/events: the event log as the caller may see it, for catching up after a disconnect."""

from flask import jsonify, request
from flask_login import current_user

from app.api import bp
from app.api.util import document, int_arg
from app.core.errors import Unauthorized
from app.realtime.catchup import events_after

MAX_ID = 2**62


@bp.get("/events")
@document(
    "/events",
    "get",
    "Events after a given id that the caller may see (anonymous callers: public events), oldest first",
    params=[
        {"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0}, "description": "last id seen"},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
    ],
    responses={
        "200": {
            "description": "`events` (oldest first), `cursor` (pass it as `after` next time) and `has_more`",
        }
    },
)
def list_events():
    if request.headers.get("Authorization") and not current_user.is_authenticated:
        raise Unauthorized()  # a bad token must not quietly read as anonymous
    after = int_arg("after", 0, minimum=0, maximum=MAX_ID)
    limit = int_arg("limit", 100, minimum=1, maximum=500)
    found, cursor, has_more = events_after(current_user._get_current_object(), after, limit)
    return jsonify({"events": [e.as_dict() for e in found], "cursor": cursor, "has_more": has_more})
