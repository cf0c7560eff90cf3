from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.text import MinWidth
from app.qa.text import BODY_MAX, COMMENT_MAX, TITLE_MAX, TITLE_MIN


def _min_width() -> MinWidth:
    """The title minimum as the service checks it: a Chinese character counts as two letters."""
    return MinWidth(TITLE_MIN, _l("Use at least %(n)s characters.", n=TITLE_MIN))


class AskForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Enter a title.")), Length(max=TITLE_MAX), _min_width()],
    )
    body = TextAreaField(_l("Details"), validators=[DataRequired(_l("Write something first.")), Length(max=BODY_MAX)])
    space = SelectField(_l("Space"), validators=[DataRequired(_l("Choose one of the spaces."))])
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=200)])
    idempotency_key = HiddenField()


class EditQuestionForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=TITLE_MAX), _min_width()]
    )
    body = TextAreaField(_l("Details"), validators=[DataRequired(_l("Write something first.")), Length(max=BODY_MAX)])
    space = SelectField(_l("Space"), validators=[DataRequired(_l("Choose one of the spaces."))])
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=200)])


class AnswerForm(FlaskForm):
    body = TextAreaField(
        _l("Your answer"), validators=[DataRequired(_l("Write something first.")), Length(max=BODY_MAX)]
    )
    idempotency_key = HiddenField()


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Comment"), validators=[DataRequired(_l("Write something first.")), Length(max=COMMENT_MAX)]
    )
    idempotency_key = HiddenField()


class SpaceForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name.")), Length(max=80)])
    slug = StringField(_l("Address name (slug)"), validators=[Optional(), Length(max=80)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    position = IntegerField(_l("Position"), default=0, validators=[Optional(), NumberRange(min=0, max=10_000)])
