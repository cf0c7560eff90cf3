from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.moderation.flags import REASON_LABELS


class FlagForm(FlaskForm):
    reason = SelectField(
        _l("Reason"), choices=[SelectChoice(k, v) for k, v in REASON_LABELS.items()], validators=[DataRequired()]
    )
    note = TextAreaField(_l("Note for the moderators"), validators=[Optional(), Length(max=500)])


class EditPostForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=150)])
    body = TextAreaField(_l("Body"), validators=[DataRequired(_l("Write the post.")), Length(max=30_000)])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class RestrictForm(FlaskForm):
    kind = SelectField(
        _l("Restriction"), choices=[SelectChoice("suspend", _l("Suspend")), SelectChoice("silence", _l("Silence"))]
    )
    days = IntegerField(_l("Days"), default=7, validators=[DataRequired(), NumberRange(min=1, max=3650)])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class SpamWaveForm(FlaskForm):
    action = SelectField(
        _l("Posts"),
        choices=[SelectChoice("delete", _l("Delete all posts")), SelectChoice("hide", _l("Hide all posts"))],
    )
    suspend_days = IntegerField(
        _l("Suspend for days (empty: no suspension)"), validators=[Optional(), NumberRange(min=1, max=3650)]
    )
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
