"""The caller's notifications: list, unread count, mark read."""

from flask import jsonify, request
from flask_babel import lazy_gettext as _l

from app.api import bp
from app.api.util import document, int_arg, json_body, require_user
from app.core.errors import ValidationError
from app.notifications import messages
from app.notifications import services as notifications

READ = {
    "type": "object",
    "properties": {
        "ids": {"type": "array", "items": {"type": "integer"}, "description": "notifications to mark read"},
        "all": {"type": "boolean", "description": "mark every notification read"},
    },
}


def notification_json(n) -> dict:
    return {
        "id": n.id,
        "kind": n.kind,
        "text": messages.sentence(n),
        "title": n.title,
        "reason": n.reason,
        "reason_text": messages.reason_line(n),
        "url": n.url,
        "actor": {"id": n.actor.id, "username": n.actor.username, "display_name": n.actor.display_name}
        if n.actor
        else None,
        "target": {"type": n.target_type, "id": n.target_id},
        "event_id": n.event_id,
        "created_at": n.created_at.isoformat(),
        "read_at": n.read_at.isoformat() if n.read_at else None,
    }


@bp.get("/notifications")
@document(
    "/notifications",
    "get",
    "The caller's notifications, unread first",
    auth=True,
    params=[
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
        {"name": "unread", "in": "query", "schema": {"type": "boolean"}},
    ],
)
def list_notifications():
    user = require_user()
    unread_only = request.args.get("unread", "").lower() in {"1", "true", "yes"}
    pagination = notifications.list_notifications(
        user, page=int_arg("page", 1), per_page=int_arg("per_page", 20, maximum=100), unread_only=unread_only
    )
    return jsonify(
        {
            "items": [notification_json(n) for n in pagination.items],
            "unread_count": notifications.unread_count(user),
            "page": pagination.page,
            "pages": pagination.pages,
            "total": pagination.total,
        }
    )


@bp.post("/notifications/read")
@document("/notifications/read", "post", "Mark notifications read: {ids: [...]} or {all: true}", body=READ, auth=True)
def read_notifications():
    user = require_user()
    data = json_body()
    if data.get("all") is True:
        marked = notifications.mark_all_read(user)
    elif "ids" in data:
        marked = notifications.mark_many_read(user, data["ids"])
    else:
        raise ValidationError(fields={"ids": _l('Send a list of notification ids, or "all": true.')})
    return jsonify({"marked": marked, "unread_count": notifications.unread_count(user)})
