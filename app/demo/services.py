"""Create the demo accounts and run each domain's demo loader."""

from sqlalchemy import func, select

from app.auth import services as auth_services
from app.auth.models import User
from app.demo import loaders
from app.extensions import db

DEMO_PASSWORD = "kith-demo-pass"

ORGANIZATIONS = [
    ("Acme Retail", "platinum"),
    ("Globex", "gold"),
    ("晨光科技", "gold"),
    ("臺北數位", "standard"),
    ("Initech", "standard"),
]

# username, display name, role, organization, locale
USERS = [
    ("admin", "Ada Admin", "admin", None, "en"),
    ("mod", "Mo Moderator", "moderator", None, "en"),
    ("pm", "Pat Product", "product_manager", None, "en"),
    ("alice", "Alice Chen", "customer", "Acme Retail", "en"),
    ("bob", "Bob Stone", "customer", "Globex", "en"),
    ("wei", "王伟", "customer", "晨光科技", "zh_Hans"),
    ("mei", "林美玲", "customer", "臺北數位", "zh_Hant"),
    ("carol", "Carol Diaz", "customer", "Initech", "en"),
]


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count(User.id)))


def load_demo() -> dict[str, User]:
    """Create demo organizations and users, then every domain's content. Returns users by username."""
    orgs = {name: auth_services.get_or_create_organization(name, tier) for name, tier in ORGANIZATIONS}
    db.session.commit()
    users = {}
    for username, name, role, org, locale in USERS:
        users[username] = auth_services.register_user(
            email=f"{username}@example.com",
            username=username,
            password=DEMO_PASSWORD,
            display_name=name,
            role=role,
            organization=orgs.get(org),
            locale=locale,
        )
    for _name, loader in loaders():
        loader(users)
    return users


def demo_logins() -> list[str]:
    return [f"{u}@example.com / {DEMO_PASSWORD}  ({role})" for u, _n, role, _o, _l in USERS]
