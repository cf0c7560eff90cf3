"""Language selection: the user's setting, else the browser's Accept-Language."""

from flask import current_app, has_request_context, request, session
from flask_login import current_user

# Browser language tags and the catalog that serves them.
_BROWSER_TAGS = {
    "zh-hans": "zh_Hans",
    "zh-cn": "zh_Hans",
    "zh-sg": "zh_Hans",
    "zh-my": "zh_Hans",
    "zh": "zh_Hans",
    "zh-hant": "zh_Hant",
    "zh-tw": "zh_Hant",
    "zh-hk": "zh_Hant",
    "zh-mo": "zh_Hant",
    "en": "en",
}


def supported_locale(value: str | None) -> str | None:
    """Map a stored or submitted language code onto a catalog we have, or None."""
    if not value:
        return None
    if value in current_app.config["LANGUAGES"]:
        return value
    tag = value.replace("_", "-").lower()
    if tag in _BROWSER_TAGS:
        return _BROWSER_TAGS[tag]
    if tag.startswith("zh-hant"):
        return "zh_Hant"
    if tag.startswith("zh"):
        return "zh_Hans"
    if tag.startswith("en"):
        return "en"
    return None


def select_locale() -> str:
    """Pick the interface language for this request."""
    if not has_request_context():  # CLI commands and services called from tests
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    chosen = supported_locale(user_locale) or supported_locale(session.get("locale"))
    if chosen:
        return chosen
    for tag, _quality in request.accept_languages:
        chosen = supported_locale(tag)
        if chosen:
            return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def html_lang(locale: str) -> str:
    """The BCP 47 tag for <html lang>."""
    return {"zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant"}.get(locale, locale)
