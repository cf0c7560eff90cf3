"""Follow and unfollow questions, spaces, tags, ideas, tickets ... through the API."""

from flask import jsonify, request
from flask_babel import lazy_gettext as _l

from app.api import bp
from app.api.util import document, json_body, require_user
from app.core.errors import ValidationError
from app.notifications import registry
from app.notifications import services as notifications

FOLLOW = {
    "type": "object",
    "required": ["target_type", "target_id"],
    "properties": {
        "target_type": {"type": "string", "description": "question, space, tag, idea, board, ticket ..."},
        "target_id": {"oneOf": [{"type": "integer"}, {"type": "string"}], "description": "id, or name for tags"},
    },
}


def _target() -> tuple[str, object]:
    data = json_body()
    target_type = data.get("target_type")
    if target_type is None or (isinstance(target_type, str) and not target_type.strip()):
        raise ValidationError(fields={"target_type": _l("This field is required.")})
    if not isinstance(target_type, str):
        raise ValidationError(fields={"target_type": _l("Must be a string.")})
    return target_type.strip(), data.get("target_id")


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
@document(
    "/follows",
    "post",
    "Follow a question, space, tag, idea, board or ticket",
    body=FOLLOW,
    auth=True,
    responses={"201": {"description": "Now following"}, "200": {"description": "Already following"}},
)
def follow():
    user = require_user()
    target_type, target_id = _target()
    changed = notifications.set_following(user, target_type, target_id, True)
    return jsonify(_state(user, target_type, target_id, changed)), 201 if changed else 200


@bp.delete("/follows")
@document("/follows", "delete", "Stop following something", body=FOLLOW, auth=True)
def unfollow():
    user = require_user()
    target_type, target_id = _target()
    changed = notifications.set_following(user, target_type, target_id, False)
    return jsonify(_state(user, target_type, target_id, changed))


@bp.get("/follows")
@document(
    "/follows",
    "get",
    "What the caller follows",
    auth=True,
    params=[{"name": "target_type", "in": "query", "schema": {"type": "string"}}],
)
def list_follows():
    user = require_user()
    target_type = request.args.get("target_type") or None
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
