from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.tickets.labels import PRIORITY_LABELS, STATUS_LABELS


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(_l("Write a message.")), Length(max=20_000)])
    internal = BooleanField(_l("Internal note (only staff see it)"))


class UpdateForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[SelectChoice(k, v) for k, v in STATUS_LABELS.items()])
    priority = SelectField(_l("Priority"), choices=[SelectChoice(k, v) for k, v in PRIORITY_LABELS.items()])
    assignee_id = SelectField(_l("Assignee"), coerce=str, choices=[])


class EscalateForm(FlaskForm):
    priority = SelectField(
        _l("Priority"), choices=[SelectChoice(k, v) for k, v in PRIORITY_LABELS.items()], default="normal"
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=20_000)])
    answer_id = IntegerField(_l("Answer"), validators=[Optional()])


class RateForm(FlaskForm):
    score = RadioField(
        _l("How satisfied are you with the support you received?"),
        choices=[SelectChoice(str(n), str(n)) for n in range(1, 6)],
        validators=[DataRequired(_l("Choose a rating from 1 to 5."))],
    )
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])


class PublishForm(FlaskForm):
    body = TextAreaField(
        _l("Resolution to publish as an official answer"),
        validators=[DataRequired(_l("Write the resolution.")), Length(max=20_000)],
    )


class MovePostForm(FlaskForm):
    post_type = SelectField(
        _l("Post type"), choices=[SelectChoice("question", _l("Question")), SelectChoice("answer", _l("Answer"))]
    )
    post_id = IntegerField(_l("Post number"), validators=[DataRequired(), NumberRange(min=1)])
