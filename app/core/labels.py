"""Translatable names for stored codes (roles, tiers)."""

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "customer": _l("Customer"),
    "moderator": _l("Moderator"),
    "product_manager": _l("Product manager"),
    "admin": _l("Administrator"),
    "partner_manager": _l("Partner manager"),
}
TIER_LABELS = {
    "standard": _l("Standard"),
    "gold": _l("Gold"),
    "platinum": _l("Platinum"),
}


def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))


def tier_label(code: str) -> str:
    return str(TIER_LABELS.get(code, code))
