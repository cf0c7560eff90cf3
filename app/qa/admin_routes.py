"""Space administration (admins)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.errors import DomainError
from app.core.permissions import Perm, require
from app.core.web import form_error
from app.extensions import db
from app.qa import queries, spaces
from app.qa.forms import SpaceForm
from app.qa.models import Space
from app.qa.routes import bp


@bp.route("/admin/spaces", methods=["GET", "POST"])
@login_required
def admin_spaces():
    require(current_user, Perm.ADMIN)
    form = SpaceForm()
    if form.validate_on_submit():
        try:
            space = spaces.create_space(
                current_user,
                name=form.name.data,
                slug=form.slug.data,
                description=form.description.data,
                position=form.position.data,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Space “%(name)s” created.", name=space.name), "success")
            return redirect(url_for("qa.admin_spaces"))
    status = 400 if request.method == "POST" else 200
    return render_template("qa/admin_spaces.html", form=form, spaces=queries.spaces()), status


@bp.route("/admin/spaces/<int:space_id>/edit", methods=["GET", "POST"])
@login_required
def admin_edit_space(space_id: int):
    require(current_user, Perm.ADMIN)
    space = db.get_or_404(Space, space_id)
    form = SpaceForm(obj=None if request.method == "POST" else space)
    if form.validate_on_submit():
        try:
            spaces.update_space(
                current_user,
                space,
                name=form.name.data,
                slug=form.slug.data,
                description=form.description.data,
                position=form.position.data,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Your changes were saved."), "success")
            return redirect(url_for("qa.admin_spaces"))
    status = 400 if request.method == "POST" else 200
    return render_template("qa/admin_space_edit.html", form=form, space=space), status
