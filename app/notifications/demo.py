"""Demo email settings (the domains add the demo follows of their own content)."""

from app.extensions import db
from app.notifications import services

DEMO_MODES = {"mei": "daily", "carol": "off"}


def load(users: dict) -> None:
    """Set the demo users' notification email settings."""
    for username, mode in DEMO_MODES.items():
        if username in users:
            services._set_mode(users[username].id, mode)
    db.session.commit()
