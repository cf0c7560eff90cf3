from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class ArticleForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Article (Markdown)"), validators=[DataRequired(), Length(max=50_000)])
    submit = SubmitField(_l("Save article"))


class PromoteForm(FlaskForm):
    submit = SubmitField(_l("Make a knowledge-base article"))
