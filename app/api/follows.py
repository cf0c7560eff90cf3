"""Follow and unfollow questions, spaces, tags, ideas, tickets ... through the API."""

from typing import Annotated

from flask import jsonify
from flask_babel import lazy_gettext as _l
from pydantic import Field

from app.api import bp
from app.api.schema import Body, Id, Query, operation, text
from app.api.util import require_user
from app.core.errors import ValidationError
from app.notifications import registry
from app.notifications import services as notifications


class FollowTarget(Body):
    target_type: Annotated[text(32), Field(description="question, space, tag, idea, board, ticket ...")]
    target_id: Annotated[Id | text(64), Field(description="id, or name for tags")]


class FollowList(Query):
    target_type: str | None = None


def _state(user, target_type: str, target_id, changed: bool) -> dict:
    target = registry.follow_target(target_type)
    key = str(target_id).strip().lower() if target and target.key == "name" else int(target_id)
    return {
        "target_type": target_type,
        "target_id": key,
        "following": notifications.is_following(user, target_type, key),
        "changed": changed,
    }


@bp.post("/follows")
@operation("Follow a question, space, tag, idea, board or ticket", body=FollowTarget, auth=True, status=201,
           description="201 when now following, 200 when already following.")  # fmt: skip
def follow(body: FollowTarget):
    user = require_user()
    target_type = body.target_type.strip()
    changed = notifications.set_following(user, target_type, body.target_id, True)
    return jsonify(_state(user, target_type, body.target_id, changed)), 201 if changed else 200


@bp.delete("/follows")
@operation("Stop following something", body=FollowTarget, auth=True)
def unfollow(body: FollowTarget):
    user = require_user()
    target_type = body.target_type.strip()
    changed = notifications.set_following(user, target_type, body.target_id, False)
    return jsonify(_state(user, target_type, body.target_id, changed))


@bp.get("/follows")
@operation("What the caller follows", query=FollowList, auth=True)
def list_follows(query: FollowList):
    user = require_user()
    target_type = query.target_type
    if target_type is not None and registry.follow_target(target_type) is None:
        raise ValidationError(
            fields={
                "target_type": _l(
                    "Unknown target type. Use one of: %(types)s.", types=", ".join(registry.follow_target_types())
                )
            }
        )
    items = notifications.list_follows(user, target_type)
    return jsonify(
        {
            "items": [
                {"target_type": f.target_type, "target_id": f.target_key, "created_at": f.created_at.isoformat()}
                for f in items
            ]
        }
    )
