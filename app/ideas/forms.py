"""Web forms of the idea boards."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.text import MinWidth
from app.ideas.labels import STATUS_LABELS


class BoardForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the board a name.")), Length(max=120)])
    slug = StringField(_l("Address (optional)"), validators=[Optional(), Length(max=64)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=1000)])
    vote_budget = IntegerField(
        _l("Votes per person (optional)"),
        validators=[Optional(), NumberRange(min=1, max=1000, message=_l("Use a number from 1 to 1000."))],
    )


class IdeaForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give your idea a title.")),
            Length(max=200),
            MinWidth(4, _l("Use at least %(n)s characters.", n=4)),
        ],
    )
    body = TextAreaField(_l("Details (Markdown)"), validators=[Optional(), Length(max=20000)])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(_l("Write a comment.")), Length(max=5000)])


class VoteForm(FlaskForm):
    vote = HiddenField(default="1")


class FollowForm(FlaskForm):
    follow = HiddenField(default="1")


class StatusForm(FlaskForm):
    status = SelectField(
        _l("Status"), choices=[SelectChoice(k, v) for k, v in STATUS_LABELS.items() if k != "duplicate"]
    )
    response = TextAreaField(_l("Official response (Markdown, optional)"), validators=[Length(max=10000)])


class MergeForm(FlaskForm):
    into = IntegerField(
        _l("Merge into idea number"), validators=[DataRequired(_l("Give the number of the idea to merge into."))]
    )


class LinkForm(FlaskForm):
    question_id = IntegerField(_l("Question number"), validators=[Optional()])
    ticket_id = IntegerField(_l("Ticket number"), validators=[Optional()])


class EmptyForm(FlaskForm):
    """Only the CSRF token (undo, unlink)."""
