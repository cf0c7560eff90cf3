"""Account settings: personal API tokens (create with scopes and expiry, see last use, revoke)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.channels import tokens
from app.channels.forms import ActionForm, TokenForm
from app.channels.routes import bp
from app.core.errors import ValidationError

SCOPE_LABELS = {
    tokens.READ: _l("read: see what you can see"),
    tokens.WRITE: _l("write: post, vote, follow, reply"),
    tokens.MODERATE: _l("moderate: staff actions (review, tickets, knowledge base, ideas)"),
    tokens.ADMIN: _l("admin: spaces, boards, settings"),
    tokens.INSIGHT: _l("insight: dashboards and customer data"),
}


def _token_form() -> TokenForm:
    form = TokenForm()
    form.scopes.choices = [(s, SCOPE_LABELS[s]) for s in tokens.offered_scopes(current_user)]
    form.days.choices = [(d, _("%(num)s days", num=d)) for d in tokens.EXPIRY_DAYS]
    if not form.is_submitted():
        form.scopes.data, form.days.data = [tokens.READ], 30
    return form


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def account_tokens():
    form = _token_form()
    if form.validate_on_submit():
        try:
            plain, row = tokens.create_token(
                current_user, name=form.name.data, scopes=form.scopes.data, days=form.days.data
            )
        except ValidationError as exc:
            for name, message in exc.fields.items():
                getattr(form, name).errors = [*getattr(form, name).errors, str(message)]
        else:
            return render_template("channels/token_created.html", token=plain, row=row), 201
    found = tokens.list_tokens(current_user)
    page = render_template("channels/tokens.html", form=form, tokens=found, action=ActionForm(), labels=SCOPE_LABELS)
    return page, 400 if form.errors else 200


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    tokens.revoke_token(current_user, token_id)
    flash(_("Token revoked."), "success")
    return redirect(url_for("channels.account_tokens"))
