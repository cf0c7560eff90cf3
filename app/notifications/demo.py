"""Demo follows and email settings, so demo users have notifications once the consumer runs."""

from sqlalchemy import select

from app.extensions import db
from app.notifications import follows, services

# username → what they follow: (target type, space slug or tag name)
DEMO_FOLLOWS = {
    "alice": [("space", "billing"), ("tag", "api")],
    "wei": [("space", "reports")],
    "mei": [("space", "reports"), ("space", "mobile")],
    "carol": [("space", "getting-started")],
}
DEMO_MODES = {"mei": "daily", "carol": "off"}


def load(users: dict) -> None:
    """Add the demo follows (spaces and tags that exist) and email settings."""
    try:
        from app.qa.models import Space
    except ImportError:  # pragma: no cover
        return
    for username, targets in DEMO_FOLLOWS.items():
        user = users.get(username)
        if user is None:
            continue
        for target_type, key in targets:
            if target_type == "space":
                space_id = db.session.scalar(select(Space.id).where(Space.slug == key))
                if space_id:
                    follows.add_follow(user.id, "space", space_id)
            else:
                follows.add_follow(user.id, "tag", key)
    for username, mode in DEMO_MODES.items():
        if username in users:
            services._set_mode(users[username].id, mode)
    db.session.commit()
