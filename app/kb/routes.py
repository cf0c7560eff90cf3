"""Knowledge-base pages: list, read, write, edit, promote an accepted answer."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.errors import ValidationError
from app.core.permissions import Perm, require
from app.kb import services
from app.kb.forms import ArticleForm, PromoteForm

bp = Blueprint("kb", __name__, template_folder="templates")


def _page() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 10_000 else 1


def _apply_errors(form, exc: ValidationError) -> None:
    for name, message in exc.fields.items():
        getattr(form, name).errors = [*getattr(form, name).errors, str(message)]


@bp.get("/kb")
def index():
    return render_template("kb/index.html", pagination=services.list_articles(page=_page()))


@bp.get("/kb/<int:article_id>")
@bp.get("/kb/<int:article_id>/<slug>")
def article(article_id: int, slug: str | None = None):
    item = services.get_article(article_id)
    if slug != item.slug:
        return redirect(url_for("kb.article", article_id=item.id, slug=item.slug), code=301)
    return render_template("kb/article.html", article=item)


@bp.route("/kb/new", methods=["GET", "POST"])
@login_required
def new():
    require(current_user, Perm.MANAGE_KB)
    form = ArticleForm()
    if form.validate_on_submit():
        try:
            item = services.create_article(current_user, title=form.title.data, body=form.body.data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            flash(_("Article published."), "success")
            return redirect(url_for("kb.article", article_id=item.id, slug=item.slug))
    return render_template("kb/edit.html", form=form, article=None), 400 if form.errors else 200


@bp.route("/kb/<int:article_id>/edit", methods=["GET", "POST"])
@login_required
def edit(article_id: int):
    require(current_user, Perm.MANAGE_KB)
    item = services.get_article(article_id)
    form = ArticleForm(obj=item)
    if form.validate_on_submit():
        try:
            item = services.edit_article(current_user, item.id, title=form.title.data, body=form.body.data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            flash(_("Article saved."), "success")
            return redirect(url_for("kb.article", article_id=item.id, slug=item.slug))
    return render_template("kb/edit.html", form=form, article=item), 400 if form.errors else 200


@bp.post("/kb/promote/<int:answer_id>")
@login_required
def promote(answer_id: int):
    """Promote an accepted answer (the question page's button posts here)."""
    if not PromoteForm().validate_on_submit():
        abort(400)
    item = services.promote_answer(current_user, answer_id)
    flash(_("The answer is now a knowledge-base article."), "success")
    return redirect(url_for("kb.article", article_id=item.id, slug=item.slug))
