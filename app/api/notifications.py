"""The caller's notifications: list, unread count, mark read."""

from typing import Annotated

from flask import jsonify
from flask_babel import lazy_gettext as _l
from pydantic import ConfigDict, Field

from app.api import bp
from app.api.schema import Body, Id, Query, operation
from app.api.util import require_user
from app.core.errors import ValidationError
from app.notifications import messages
from app.notifications import services as notifications


class NotificationList(Query):
    page: Annotated[int, Field(ge=1, le=10_000)] = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = 20
    unread: bool = False


class MarkRead(Body):
    # Either a list of ids or all: true; the edge checks it, the document says it.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [{"required": ["ids"]}, {"required": ["all"], "properties": {"all": {"const": True}}}]
        }
    )

    ids: Annotated[list[Id], Field(max_length=1000, description="notifications to mark read")] = None
    all: Annotated[bool, Field(description="mark every notification read")] = False


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
@operation("The caller's notifications, unread first", query=NotificationList, auth=True)
def list_notifications(query: NotificationList):
    user = require_user()
    pagination = notifications.list_notifications(
        user, page=query.page, per_page=query.per_page, unread_only=query.unread
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
@operation("Mark notifications read: {ids: [...]} or {all: true}", body=MarkRead, auth=True,
           description="With neither `ids` nor `all: true` nothing is marked.")  # fmt: skip
def read_notifications(body: MarkRead):
    user = require_user()
    if body.all:
        marked = notifications.mark_all_read(user)
    elif body.ids is not None:
        marked = notifications.mark_many_read(user, body.ids)
    else:
        raise ValidationError(fields={"ids": _l('Send a list of notification ids, or "all": true.')})
    return jsonify({"marked": marked, "unread_count": notifications.unread_count(user)})
