from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from app.notifications.models import EmailMode


def mode_choices():
    return [
        (EmailMode.INSTANT.value, _l("Instantly — one mail per notification")),
        (EmailMode.DAILY.value, _l("Daily digest — one mail a day with what is unread")),
        (EmailMode.OFF.value, _l("Off — no notification mail")),
    ]


class PreferenceForm(FlaskForm):
    # Rendered as radio buttons by _account_sections.html; the service checks the value.
    email_mode = StringField(_l("Notification email"))


class FollowForm(FlaskForm):
    target_type = HiddenField()
    target_id = HiddenField()
    action = HiddenField()
    next = HiddenField()


class ConfirmForm(FlaskForm):
    """A POST with only the CSRF token (mark read, unsubscribe)."""
