"""Web pages of the idea boards: boards, ideas, votes, comments, roadmap."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app.core.errors import DomainError
from app.core.permissions import Perm, can, require
from app.core.web import form_error, url_if_routed
from app.extensions import db, limiter
from app.ideas import following, services, workflow
from app.ideas.forms import (
    BoardForm,
    CommentForm,
    EmptyForm,
    FollowForm,
    IdeaForm,
    LinkForm,
    MergeForm,
    StatusForm,
    VoteForm,
)
from app.ideas.labels import SORT_LABELS, STATUS_LABELS
from app.ideas.models import Idea, IdeaStatus
from app.notifications import follows

bp = Blueprint("ideas", __name__, url_prefix="/ideas", template_folder="templates")


def me():
    return current_user._get_current_object()


@bp.get("/")
def index():
    boards = services.list_boards()
    counts = dict(
        db.session.execute(
            select(Idea.board_id, func.count(Idea.id))
            .where(Idea.status != IdeaStatus.DUPLICATE)
            .group_by(Idea.board_id)
        ).all()
    )
    return render_template("ideas/index.html", boards=boards, counts=counts)


@bp.route("/boards/new", methods=["GET", "POST"])
@login_required
def new_board():
    require(me(), Perm.ADMIN)
    form = BoardForm()
    if form.validate_on_submit():
        try:
            board = services.create_board(
                me(),
                name=form.name.data,
                slug=form.slug.data,
                description=form.description.data,
                vote_budget=form.vote_budget.data,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Board created."), "success")
            return redirect(url_for("ideas.board", slug=board.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("ideas/board_form.html", form=form), status


@bp.get("/b/<slug>")
def board(slug):
    board = services.get_board(slug)
    sort, status = request.args.get("sort") or "top", request.args.get("status") or None
    page = request.args.get("page", 1, type=int)
    pagination = services.list_ideas(board=board, status=status, sort=sort, page=page)
    ideas = pagination.items
    return render_template(
        "ideas/board.html",
        board=board,
        pagination=pagination,
        ideas=ideas,
        sort=sort,
        status=status,
        sorts=SORT_LABELS,
        statuses=STATUS_LABELS,
        voted=services.voted_idea_ids(current_user, [i.id for i in ideas]),
        votes_left=services.votes_left(current_user, board),
        vote_form=VoteForm(),
    )


@bp.get("/b/<slug>/roadmap")
def roadmap(slug):
    board = services.get_board(slug)
    return render_template("ideas/roadmap.html", board=board, columns=services.roadmap(board))


@bp.route("/b/<slug>/new", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", methods=["POST"], key_func=lambda: f"idea-new:{current_user.get_id()}")
def new_idea(slug):
    board = services.get_board(slug)
    require(me(), Perm.POST)
    form = IdeaForm()
    if form.validate_on_submit():
        try:
            idea = services.create_idea(me(), board, title=form.title.data, body=form.body.data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Thanks! Your idea is posted."), "success")
            return redirect(url_for("ideas.show", idea_id=idea.id))
    status = 400 if request.method == "POST" else 200
    return render_template("ideas/idea_form.html", form=form, board=board, idea=None), status


def render_idea(idea, status: int = 200, **forms):
    """The idea page, with any forms that carry errors from a failed post."""
    changes = workflow.history(idea)
    status_form = forms.get("status_form") or StatusForm(status=idea.status)
    page = render_template(
        "ideas/show.html",
        idea=idea,
        board=idea.board,
        changes=changes,
        response=workflow.latest_response(changes),
        merges=workflow.merges_of(idea),
        active_merge=workflow.active_merge(idea),
        comments=services.comments_of(idea),
        links=workflow.linked_questions(idea),
        ticket_links=workflow.linked_tickets(idea) if workflow.can_link_ticket(current_user) else [],
        has_voted=services.has_voted(current_user, idea),
        is_following=following.is_following(current_user, idea.id),
        votes_left=services.votes_left(current_user, idea.board),
        can_edit=current_user.is_authenticated and services.can_edit(me(), idea),
        can_manage=can(current_user, Perm.MANAGE_IDEAS),
        can_link=workflow.can_link(current_user) or workflow.can_link_ticket(current_user),
        can_link_ticket=workflow.can_link_ticket(current_user),
        comment_form=forms.get("comment_form") or CommentForm(),
        status_form=status_form,
        merge_form=forms.get("merge_form") or MergeForm(),
        link_form=forms.get("link_form") or LinkForm(),
        vote_form=VoteForm(),
        follow_form=FollowForm(),
        empty_form=EmptyForm(),
        error=forms.get("error"),
        question_url=question_url,
        ticket_url=ticket_url,
    )
    return page, status


def question_url(question) -> str:
    """The Q&A page of a linked question."""
    default = f"/questions/{question.id}"
    return url_if_routed("qa.question", default, question_id=question.id, slug=question.slug)


def ticket_url(ticket_id: int) -> str:
    return url_if_routed("tickets.show", f"/tickets/{ticket_id}", ticket_id=ticket_id)


@bp.get("/<int:idea_id>")
def show(idea_id):
    return render_idea(services.get_idea(idea_id, current_user))


@bp.route("/<int:idea_id>/edit", methods=["GET", "POST"])
@login_required
def edit(idea_id):
    idea = services.get_idea(idea_id)
    if not services.can_edit(me(), idea):
        abort(403)
    form = IdeaForm(obj=idea)
    if form.validate_on_submit():
        try:
            services.edit_idea(me(), idea, title=form.title.data, body=form.body.data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Idea updated."), "success")
            return redirect(url_for("ideas.show", idea_id=idea.id))
    status = 400 if request.method == "POST" else 200
    return render_template("ideas/idea_form.html", form=form, board=idea.board, idea=idea), status


@bp.post("/<int:idea_id>/vote")
@login_required
def vote(idea_id):
    idea = services.get_idea(idea_id)
    form = VoteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_vote(me(), idea, form.vote.data != "0")
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        return render_idea(idea, exc.status, error=exc.message)
    return redirect(_back(url_for("ideas.show", idea_id=idea.id)))


def _back(default: str) -> str:
    """Return to the list the vote came from (a relative path only)."""
    target = request.form.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.post("/<int:idea_id>/follow")
@login_required
def follow(idea_id):
    idea = services.get_idea(idea_id)
    form = FollowForm()
    if not form.validate_on_submit():
        abort(400)
    follows.set_following(me(), "idea", idea.id, form.follow.data != "0")
    return redirect(url_for("ideas.show", idea_id=idea.id))


@bp.post("/<int:idea_id>/comments")
@login_required
@limiter.limit("30 per 10 minutes", key_func=lambda: f"idea-comment:{current_user.get_id()}")
def comment(idea_id):
    idea = services.get_idea(idea_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            created = services.add_comment(me(), idea, form.body.data)
        except DomainError as exc:
            if exc.status in (401, 403):
                raise
            form_error(form, exc)
            return render_idea(idea, exc.status, comment_form=form)
        return redirect(url_for("ideas.show", idea_id=idea.id, _anchor=f"comment-{created.id}"))
    return render_idea(idea, 400, comment_form=form)
