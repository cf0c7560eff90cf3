from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.errors import DomainError, ValidationError
from app.core.permissions import Perm, require
from app.core.security import safe_next
from app.core.web import form_error, post_limit
from app.extensions import limiter
from app.moderation import audit, flags, services, users
from app.moderation import undo as undo_actions
from app.moderation.forms import EditPostForm, FlagForm, RestrictForm, SpamWaveForm
from app.moderation.queue import author_history
from app.qa import moderation as qa_posts

bp = Blueprint("moderation", __name__, url_prefix="/moderation", template_folder="templates")
flag_bp = Blueprint("moderation_flags", __name__, template_folder="templates")


def _user():
    return current_user._get_current_object()


def _back(default: str):
    return redirect(safe_next(request.form.get("next")) if request.form.get("next") else default)


def _spelled_out(exc: DomainError) -> DomainError:
    """The same error with its field messages as the page message (these forms have no field slots)."""
    if exc.fields:
        message = " ".join(str(m) for m in exc.fields.values())
        return type(exc)(message, fields=exc.fields, code=exc.code)
    return exc


@bp.get("/queue")
@login_required
def queue():
    require(_user(), Perm.MODERATE)
    users.expire()
    items = flags.review_queue(_user())
    return render_template("moderation/queue.html", items=items)


@bp.post("/posts/<any(question, answer):post_type>/<int:post_id>/<action>")
@login_required
def act(post_type: str, post_id: int, action: str):
    form = request.form
    try:
        services.moderate(
            _user(),
            post_type,
            post_id,
            action,
            reason=form.get("reason"),
            close_reason=form.get("close_reason"),
            duplicate_of=form.get("duplicate_of"),
            space=form.get("space"),
            into=form.get("into"),
        )
    except DomainError as exc:
        raise _spelled_out(exc) from None
    flash(_("Done: %(action)s.", action=audit.action_label(action)), "success")
    return _back(url_for("moderation.queue"))


@bp.route("/posts/<any(question, answer):post_type>/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_type: str, post_id: int):
    require(_user(), Perm.MODERATE)
    post = qa_posts.get_post(post_type, post_id)
    form = EditPostForm(obj=post)
    if post_type != "question":
        del form.title
    if form.validate_on_submit():
        try:
            services.edit_post(
                _user(),
                post_type,
                post_id,
                title=form.title.data if post_type == "question" else None,
                body=form.body.data,
                reason=form.reason.data,
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise

            form_error(form, exc)
        else:
            flash(_("The post was edited."), "success")
            return redirect(url_for("moderation.queue"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("moderation/edit.html", form=form, post=post), status


@bp.get("/users/<int:user_id>")
@login_required
def user(user_id: int):
    require(_user(), Perm.MODERATE)
    person = users.get_user(user_id)
    return render_template(
        "moderation/user.html",
        person=person,
        history=author_history(person.id),
        restrictions=users.restrictions_of(person.id),
        restrict_form=RestrictForm(),
        spam_form=SpamWaveForm(),
    )


@bp.post("/users/<int:user_id>/restrict")
@login_required
def restrict(user_id: int):
    form = RestrictForm()
    try:
        users.restrict(_user(), user_id, form.kind.data, form.days.data, form.reason.data)
    except DomainError as exc:
        raise _spelled_out(exc) from None
    flash(_("The restriction is in place."), "success")
    return redirect(url_for("moderation.user", user_id=user_id))


@bp.post("/restrictions/<int:restriction_id>/lift")
@login_required
def lift(restriction_id: int):
    row = users.lift(_user(), restriction_id)
    flash(_("The restriction was lifted."), "success")
    return redirect(url_for("moderation.user", user_id=row.user_id))


@bp.post("/users/<int:user_id>/spam")
@login_required
def spam_wave(user_id: int):
    form = SpamWaveForm()
    try:
        batch = users.clear_spam_wave(
            _user(),
            user_id,
            action=form.action.data,
            suspend_days=form.suspend_days.data or None,
            reason=form.reason.data,
        )
    except DomainError as exc:
        raise _spelled_out(exc) from None
    flash(_("All posts of this user were handled."), "success")
    return redirect(url_for("moderation.audit_log", batch=batch))


@bp.get("/audit")
@login_required
def audit_log():
    require(_user(), Perm.MODERATE)
    batch = request.args.get("batch")
    page = request.args.get("page", 1, type=int)
    pagination = audit.recent(_user(), action=request.args.get("action") or None, page=max(page, 1))
    rows = pagination.items
    if batch:
        rows = [r for r in rows if r.batch == batch]
    return render_template("moderation/audit.html", pagination=pagination, rows=rows, batch=batch)


@bp.post("/audit/<int:action_id>/undo")
@login_required
def undo(action_id: int):
    undo_actions.undo(_user(), action_id)
    flash(_("The action was undone."), "success")
    return redirect(url_for("moderation.audit_log"))


@bp.post("/audit/batch/<batch>/undo")
@login_required
def undo_batch(batch: str):
    count = undo_actions.undo_batch(_user(), batch)
    flash(_("%(n)s actions were undone.", n=count), "success")
    return redirect(url_for("moderation.audit_log"))


@flag_bp.post("/<any(questions, answers):kind>/<int:post_id>/flag")
@login_required
@limiter.limit(post_limit)
def flag(kind: str, post_id: int):
    form = FlagForm()
    if not form.validate_on_submit():
        raise ValidationError(fields={name: errors[0] for name, errors in form.errors.items()})
    flags.flag_post(_user(), kind[:-1], post_id, reason=form.reason.data, note=form.note.data)
    flash(_("Thank you. A moderator will review this post."), "success")
    return _back(url_for("main.home"))
