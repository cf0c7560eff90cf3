from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget


class EndpointForm(FlaskForm):
    url = StringField(_l("Address (URL)"), validators=[DataRequired(), Length(max=2000)])
    description = StringField(_l("Description"), validators=[Optional(), Length(max=200)])
    event_kinds = StringField(_l("Event kinds"), validators=[Optional(), Length(max=2000)])
    include_staff = BooleanField(_l("Also send staff events (moderation, internal notes)"))
    submit = SubmitField(_l("Add endpoint"))


class ActionForm(FlaskForm):
    """The CSRF-only form behind each button (enable, disable, rotate, delete, send again)."""


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=64)])
    scopes = SelectMultipleField(
        _l("Scopes"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), validate_choice=False
    )
    days = SelectField(_l("Expires after"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Create token"))
