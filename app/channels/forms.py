from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional


class EndpointForm(FlaskForm):
    url = StringField(_l("Address (URL)"), validators=[DataRequired(), Length(max=2000)])
    description = StringField(_l("Description"), validators=[Optional(), Length(max=200)])
    event_kinds = StringField(_l("Event kinds"), validators=[Optional(), Length(max=2000)])
    include_staff = BooleanField(_l("Also send staff events (moderation, internal notes)"))
    submit = SubmitField(_l("Add endpoint"))


class ActionForm(FlaskForm):
    """The CSRF-only form behind each button (enable, disable, rotate, delete, send again)."""
