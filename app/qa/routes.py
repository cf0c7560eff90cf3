"""Q&A pages: lists, the question page, ask/answer/comment/edit forms, votes, revisions."""

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.errors import DomainError, Forbidden, NotFound
from app.core.permissions import Perm, can
from app.core.web import form_error, post_limit
from app.extensions import limiter
from app.qa import hooks, page_cache, queries, services, voting
from app.qa.forms import AnswerForm, AskForm, CommentForm, EditQuestionForm
from app.qa.urls import question_url

bp = Blueprint("qa", __name__, template_folder="templates")


def _with_key(form):
    if not form.idempotency_key.data:
        form.idempotency_key.data = uuid.uuid4().hex
    return form


def _list_args() -> dict:
    sort = request.args.get("sort", "newest")
    status = request.args.get("status") or None
    page = request.args.get("page", 1, type=int)
    if sort not in queries.SORTS or (status and status not in queries.FILTERS) or page < 1:
        abort(400)
    return {"sort": sort, "status": status, "page": page}


@bp.get("/questions")
def index():
    args = _list_args()
    pagination = queries.list_questions(**args)
    return render_template(
        "qa/list.html", pagination=pagination, spaces=queries.spaces(), endpoint="qa.index", url_args={}, **args
    )


@bp.get("/spaces")
def spaces():
    return render_template("qa/spaces.html", spaces=queries.spaces())


@bp.get("/spaces/<slug>")
def space(slug: str):
    space = queries.space_by_slug(slug)
    args = _list_args()
    pagination = queries.list_questions(space=space, **args)
    return render_template(
        "qa/list.html",
        pagination=pagination,
        spaces=queries.spaces(),
        space=space,
        endpoint="qa.space",
        url_args={"slug": slug},
        **args,
    )


@bp.get("/tags/<name>")
def tag(name: str):
    tag = queries.tag_by_name(name)
    args = _list_args()
    pagination = queries.list_questions(tag=tag, **args)
    return render_template(
        "qa/list.html",
        pagination=pagination,
        spaces=queries.spaces(),
        tag=tag,
        endpoint="qa.tag",
        url_args={"name": tag.name},
        **args,
    )


def _space_choices(form) -> None:
    form.space.choices = [("", _("Choose a space"))] + [(str(s.id), s.name) for s in queries.spaces()]


@bp.route("/questions/ask", methods=["GET", "POST"])
@login_required
@limiter.limit(post_limit, methods=["POST"])
def ask():
    form = _with_key(AskForm())
    _space_choices(form)
    if request.method == "GET" and request.args.get("space"):
        form.space.data = request.args["space"]
    if form.validate_on_submit():
        try:
            question = services.ask_question(
                current_user,
                title=form.title.data,
                body=form.body.data,
                space=form.space.data,
                tags=form.tags.data,
                idempotency_key=form.idempotency_key.data,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            if question.status != "visible":
                flash(_("Thanks! Your question will appear once a moderator has reviewed it."), "info")
            return redirect(question_url(question))
    status = 400 if request.method == "POST" else 200
    return render_template("qa/ask.html", form=form), status


def _labels() -> dict:
    """Labels repeated on every post, translated once per page instead of once per post."""
    return {
        "vote_up": _("Vote up"),
        "vote_down": _("Vote down"),
        "score": _("Score"),
        "edit": _("Edit"),
        "history": _("History"),
        "delete": _("Delete"),
        "restore": _("Restore"),
        "add_a_comment": _("Add a comment"),
        "comment": _("Comment"),
        "add_comment": _("Add comment"),
        "deleted_user": _("deleted user"),
        "accepted": _("Accepted answer"),
        "waiting": _("Waiting for review"),
        "deleted": _("Deleted"),
        "accept": _("Accept this answer"),
        "unaccept": _("Unaccept"),
        "reputation": _("Reputation"),
    }


def _render_question(question_id: int, answer_form=None, status: int = 200, thread=None):
    thread = thread or queries.load_thread(current_user, question_id)
    answer_form = answer_form or _with_key(AnswerForm(formdata=None))
    return (
        render_template(
            "qa/question.html",
            thread=thread,
            question=thread.question,
            answer_form=answer_form,
            comment_key=uuid.uuid4().hex,
            services=services,
            L=_labels(),
            **hooks.thread_context(thread),
        ),
        status,
    )


@bp.get("/questions/<int:question_id>")
@bp.get("/questions/<int:question_id>/<slug>")
def question(question_id: int, slug: str | None = None):
    cached = page_cache.cached_page()
    if cached is not None:
        return cached
    thread = queries.load_thread(current_user, question_id)
    if slug != thread.question.slug:
        return redirect(question_url(thread.question), 301)
    return page_cache.remember(*_render_question(question_id, thread=thread))


@bp.post("/questions/<int:question_id>/answers")
@login_required
@limiter.limit(post_limit)
def answer(question_id: int):
    question = services.get_question(current_user, question_id)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            answer = services.post_answer(
                current_user, question, body=form.body.data, idempotency_key=form.idempotency_key.data
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            if answer.status != "visible":
                flash(_("Thanks! Your answer will appear once a moderator has reviewed it."), "info")
            return redirect(question_url(question, f"answer-{answer.id}"))
    return _render_question(question_id, _with_key(form), 400)


@bp.post("/<any(questions, answers):kind>/<int:post_id>/comments")
@login_required
@limiter.limit(post_limit)
def comment(kind: str, post_id: int):
    post_type = kind[:-1]
    form = CommentForm()
    if not form.validate():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return _back_to_thread(post_type, post_id)
    comment = services.add_comment(
        current_user, post_type, post_id, body=form.body.data, idempotency_key=form.idempotency_key.data
    )
    question = services.get_question(current_user, comment.question_id)
    return redirect(question_url(question, f"comment-{comment.id}"))


def _back_to_thread(post_type: str, post_id: int):
    post = services.get_post(current_user, post_type, post_id)
    question = post if post_type == "question" else services.get_question(current_user, post.question_id)
    return redirect(question_url(question, f"{post_type}-{post.id}"))


@bp.post("/<any(questions, answers):kind>/<int:post_id>/vote")
@login_required
def vote(kind: str, post_id: int):
    value = request.form.get("value", type=int)
    voting.vote(current_user, kind[:-1], post_id, value)
    return _back_to_thread(kind[:-1], post_id)


@bp.post("/answers/<int:answer_id>/accept")
@login_required
def accept(answer_id: int):
    answer = services.get_post(current_user, "answer", answer_id)
    voting.accept_answer(current_user, answer)
    flash(_("Answer accepted."), "success")
    return redirect(question_url(answer.question, f"answer-{answer.id}"))


@bp.post("/questions/<int:question_id>/unaccept")
@login_required
def unaccept(question_id: int):
    question = services.get_question(current_user, question_id)
    voting.unaccept_answer(current_user, question)
    return redirect(question_url(question))


@bp.post("/questions/<int:question_id>/me-too")
@login_required
def me_too(question_id: int):
    question = services.get_question(current_user, question_id)
    voting.me_too(current_user, question)
    return redirect(question_url(question))


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(question_id: int):
    question = services.get_question(current_user, question_id)
    if not services.can_edit(current_user, question):
        raise NotFound() if question.status != "visible" else Forbidden()
    form = EditQuestionForm(obj=None if request.method == "POST" else question)
    _space_choices(form)
    if request.method == "GET":
        form.space.data = str(question.space_id)
        form.tags.data = " ".join(t.name for t in question.tags)
    if form.validate_on_submit():
        try:
            services.edit_question(
                current_user, question, title=form.title.data, body=form.body.data, tags=form.tags.data or "",
                space=form.space.data,
            )  # fmt: skip
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Your changes were saved."), "success")
            return redirect(question_url(question))
    status = 400 if request.method == "POST" else 200
    return render_template("qa/edit_question.html", form=form, question=question), status


@bp.route("/answers/<int:answer_id>/edit", methods=["GET", "POST"])
@login_required
def edit_answer(answer_id: int):
    answer = services.get_post(current_user, "answer", answer_id)
    if not services.can_edit(current_user, answer):
        raise Forbidden()
    form = AnswerForm(obj=None if request.method == "POST" else answer)
    if form.validate_on_submit():
        try:
            services.edit_answer(current_user, answer, body=form.body.data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Your changes were saved."), "success")
            return redirect(question_url(answer.question, f"answer-{answer.id}"))
    status = 400 if request.method == "POST" else 200
    return render_template("qa/edit_answer.html", form=form, answer=answer), status


@bp.post("/<any(questions, answers, comments):kind>/<int:post_id>/<any(delete, restore):action>")
@login_required
def delete_or_restore(kind: str, post_id: int, action: str):
    post_type = kind[:-1]
    post = services.get_post(current_user, post_type, post_id)
    fn = getattr(services, f"{action}_{post_type}")
    fn(current_user, post)
    flash(_("Deleted.") if action == "delete" else _("Restored."), "success")
    if post_type == "question" and action == "delete" and not can(current_user, Perm.MODERATE):
        return redirect(url_for("qa.index"))
    question = services.get_question(current_user, post.id if post_type == "question" else post.question_id)
    anchor = None if post_type == "question" else f"{post_type}-{post.id}"
    return redirect(question_url(question, anchor))


@bp.get("/questions/<int:post_id>/revisions", defaults={"kind": "questions"})
@bp.get("/answers/<int:post_id>/revisions", defaults={"kind": "answers"})
def revisions(kind: str, post_id: int):
    post_type = kind[:-1]
    post = services.get_post(current_user, post_type, post_id)
    question = post if post_type == "question" else post.question
    items = queries.revision_diffs(queries.revisions(post_type, post_id))
    return render_template("qa/revisions.html", post=post, post_type=post_type, question=question, items=items)
