from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.errors import ValidationError
from app.core.security import safe_next
from app.extensions import csrf
from app.notifications import mailer, services
from app.notifications.forms import ConfirmForm, FollowForm, PreferenceForm

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")


def _page() -> int:
    value = request.args.get("page", "1")
    if not value.isdigit() or not 1 <= int(value) <= 10_000:
        raise ValidationError(_("page: Must be a whole number."), fields={"page": _("Must be a whole number.")})
    return int(value)


def _check(form) -> None:
    if not form.validate_on_submit():
        abort(400)


@bp.get("/")
@login_required
def index():
    unread_only = request.args.get("filter") == "unread"
    pagination = services.list_notifications(current_user, page=_page(), unread_only=unread_only)
    return render_template(
        "notifications/index.html",
        pagination=pagination,
        unread_only=unread_only,
        unread=services.unread_count(current_user),
        form=ConfirmForm(),
    )


@bp.get("/<int:notification_id>")
@login_required
def open(notification_id: int):  # noqa: A001  (the endpoint name reads well in templates)
    """Mark one notification read and go to what it is about."""
    notification = services.mark_read(current_user, notification_id)
    return redirect(notification.url or url_for("notifications.index"))


@bp.post("/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    _check(ConfirmForm())
    services.mark_read(current_user, notification_id)
    return redirect(safe_next(request.form.get("next"), url_for("notifications.index")))


@bp.post("/read-all")
@login_required
def read_all():
    _check(ConfirmForm())
    count = services.mark_all_read(current_user)
    flash(_("Marked %(n)s notifications as read.", n=count), "success")
    return redirect(url_for("notifications.index"))


@bp.post("/preferences")
@login_required
def preferences():
    form = PreferenceForm()
    _check(form)
    try:
        services.set_email_mode(current_user, form.email_mode.data)
    except ValidationError:
        flash(_("Choose how you want to receive notification mail."), "error")
    else:
        flash(_("Your notification email setting was saved."), "success")
    return redirect(url_for("auth.account") + "#notification-settings")


@bp.post("/follow")
@login_required
def toggle_follow():
    """Follow or unfollow (the form of the follow_button macro)."""
    form = FollowForm()
    _check(form)
    following = form.action.data != "unfollow"
    try:
        services.set_following(current_user, form.target_type.data, form.target_id.data, following)
    except ValidationError as exc:
        raise ValidationError(
            "; ".join(f"{name}: {message}" for name, message in exc.fields.items()) or exc.message, fields=exc.fields
        ) from None
    flash(_("You follow this now.") if following else _("You no longer follow this."), "success")
    return redirect(safe_next(form.next.data, url_for("notifications.index")))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail clients POST here for RFC 8058 one-click
def unsubscribe(token: str):
    """One-click unsubscribe from a mail link: GET asks to confirm, POST turns mail off."""
    user = mailer.user_for_unsubscribe(token)
    form = ConfirmForm()
    if request.method == "POST":
        mailer.unsubscribe(token)
        return render_template("notifications/unsubscribe.html", user=user, done=True, form=form)
    return render_template("notifications/unsubscribe.html", user=user, done=False, form=form)
